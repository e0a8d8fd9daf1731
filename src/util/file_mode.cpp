#include "util/file_mode.hpp"

#include <cstdio>

namespace sd::util {

std::string
mode_text(unsigned mode)
{
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

} // namespace sd::util
