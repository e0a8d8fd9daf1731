#include "run/own_path.hpp"

#include "util/path_search.hpp"

#include <climits>
#include <cstdlib>

namespace sd::run {

namespace {

std::string g_argv0;

std::string
resolved(const std::string& path)
{
  char buffer[PATH_MAX];
  return ::realpath(path.c_str(), buffer) != nullptr ? std::string(buffer) : std::string();
}

} // namespace

void
note_program_name(const char* argv0)
{
  if (argv0 == nullptr) {
    return;
  }
  g_argv0 = argv0;
  if (g_argv0.find('/') != std::string::npos && g_argv0.front() != '/') {
    g_argv0 = resolved(g_argv0); // relative to the directory we started in
  }
}

std::string
own_path()
{
  if (g_argv0.empty()) {
    return {};
  }
  if (g_argv0.find('/') != std::string::npos) {
    return resolved(g_argv0);
  }
  // Found on PATH by whoever started us: the first executable of that name, as a shell finds it.
  const auto found = util::find_on_path(util::path_variable(), g_argv0, util::RelativeEntries::searched);
  return found.empty() ? found : resolved(found);
}

} // namespace sd::run
