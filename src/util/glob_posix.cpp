#include "util/glob.hpp"

#include <fnmatch.h>

namespace sd::util {

bool
glob_matches(const std::string& pattern, const std::string& text)
{
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

} // namespace sd::util
