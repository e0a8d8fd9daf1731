#include "run/own_path.hpp"

#include <climits>
#include <cstdlib>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::run {

namespace {

std::string g_argv0;

std::string
resolved(const std::string& path)
{
  char buffer[PATH_MAX];
  return ::realpath(path.c_str(), buffer) != nullptr ? std::string(buffer) : std::string();
}

bool
is_executable_file(const std::string& path)
{
  struct stat info = {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
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
  const char* path_env = std::getenv("PATH");
  const std::string_view list = path_env != nullptr ? path_env : "";
  for (std::size_t start = 0; start <= list.size();) {
    auto end = list.find(':', start);
    if (end == std::string_view::npos) {
      end = list.size();
    }
    const auto dir = list.substr(start, end - start);
    start = end + 1;
    const auto candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + g_argv0;
    if (is_executable_file(candidate)) {
      return resolved(candidate);
    }
  }
  return {};
}

} // namespace sd::run
