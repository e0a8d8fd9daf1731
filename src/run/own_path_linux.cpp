#include "run/own_path.hpp"

#include <climits>
#include <unistd.h>

namespace sd::run {

void
note_program_name(const char*)
{
  // The kernel knows: /proc/self/exe.
}

std::string
own_path()
{
  char buffer[PATH_MAX];
  const auto length = ::readlink("/proc/self/exe", buffer, sizeof buffer);
  return length > 0 && static_cast<std::size_t>(length) < sizeof buffer
           ? std::string(buffer, static_cast<std::size_t>(length))
           : std::string();
}

} // namespace sd::run
