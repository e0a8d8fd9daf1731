#include "util/terminal.hpp"

#include <windows.h>

#include <io.h>

namespace sd::util {

bool
is_terminal(int fd)
{
  // _isatty is also true for NUL and serial ports; a console answers GetConsoleMode.
  const auto handle = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
  DWORD mode = 0;
  return handle != INVALID_HANDLE_VALUE && ::GetConsoleMode(handle, &mode) != 0;
}

int
terminal_columns(int fd)
{
  const auto handle = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (handle == INVALID_HANDLE_VALUE || ::GetConsoleScreenBufferInfo(handle, &info) == 0) {
    return 0;
  }
  return info.srWindow.Right - info.srWindow.Left + 1;
}

} // namespace sd::util
