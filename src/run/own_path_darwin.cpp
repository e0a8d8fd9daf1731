#include "run/own_path.hpp"

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <mach-o/dyld.h>

// Not built on the Linux machines of this project's CI: see the manual, "Platforms".

namespace sd::run {

void
note_program_name(const char*)
{
  // The loader knows: _NSGetExecutablePath.
}

std::string
own_path()
{
  char buffer[PATH_MAX];
  std::uint32_t size = sizeof buffer;
  if (::_NSGetExecutablePath(buffer, &size) != 0) {
    return {};
  }
  char resolved[PATH_MAX];
  return ::realpath(buffer, resolved) != nullptr ? std::string(resolved) : std::string();
}

} // namespace sd::run
