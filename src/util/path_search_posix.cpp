#include "util/path_search.hpp"

#include "util/absolute_path.hpp"

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::util {

std::string_view
path_variable()
{
  const char* value = std::getenv("PATH");
  return value != nullptr ? value : "";
}

void
for_each_path_entry(std::string_view path_list, RelativeEntries relative,
                    const std::function<bool(std::string_view directory, int entry)>& visit)
{
  int entry = 0;
  for (std::size_t start = 0; start <= path_list.size();) {
    auto end = path_list.find(':', start);
    if (end == std::string_view::npos) {
      end = path_list.size();
    }
    const auto directory = path_list.substr(start, end - start);
    start = end + 1;
    ++entry;
    if (!is_absolute_path(directory) && relative == RelativeEntries::skipped) {
      continue;
    }
    if (visit(directory.empty() ? std::string_view(".") : directory, entry)) {
      return;
    }
  }
}

bool
is_executable_file(const std::string& path)
{
  struct stat info = {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string
find_on_path(std::string_view path_list, std::string_view name, RelativeEntries relative)
{
  std::string found;
  for_each_path_entry(path_list, relative, [&](std::string_view directory, int) {
    auto candidate = std::string(directory) + "/" + std::string(name);
    if (is_executable_file(candidate)) {
      found = std::move(candidate);
      return true;
    }
    return false;
  });
  return found;
}

} // namespace sd::util
