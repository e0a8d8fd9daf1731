#include "util/absolute_path.hpp"

#include <cctype>

namespace sd::util {

bool
is_absolute_path(std::string_view path)
{
  // Not "\dir" (the current drive's root) nor "C:dir" (relative to drive C's current directory).
  if (path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) != 0 && path[1] == ':'
      && is_path_separator(path[2])) {
    return true;
  }
  return path.size() >= 3 && is_path_separator(path[0]) && is_path_separator(path[1]);
}

std::string_view
absolute_path_example()
{
  return "C:\\";
}

bool
is_path_separator(char c)
{
  return c == '/' || c == '\\';
}

} // namespace sd::util
