#include "util/absolute_path.hpp"

namespace sd::util {

bool
is_absolute_path(std::string_view path)
{
  return !path.empty() && path.front() == '/';
}

std::string_view
absolute_path_example()
{
  return "/";
}

bool
is_path_separator(char c)
{
  return c == '/';
}

} // namespace sd::util
