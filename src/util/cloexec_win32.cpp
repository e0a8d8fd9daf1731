#include "util/cloexec.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <cerrno>
#include <fcntl.h>
#include <io.h>
#include <string>

// Windows handles are not inherited unless a child is given them by name (child_process_win32
// lists them), so "close-on-exec" is every handle's state here. Sockets are Winsock's and are
// made where they are used; open_socket has no Windows twin.

namespace sd::util {

bool
open_pipe(int (&fds)[2])
{
  HANDLE read_end = nullptr;
  HANDLE write_end = nullptr;
  if (::CreatePipe(&read_end, &write_end, nullptr, 0) == 0) {
    set_errno_from_last_error();
    return false;
  }
  fds[0] = ::_open_osfhandle(reinterpret_cast<intptr_t>(read_end), _O_RDONLY | _O_BINARY);
  fds[1] = ::_open_osfhandle(reinterpret_cast<intptr_t>(write_end), _O_WRONLY | _O_BINARY);
  return fds[0] >= 0 && fds[1] >= 0;
}

bool
rename_no_replace(int dir_fd, const char* from, const char* to)
{
  const auto dir = reinterpret_cast<HANDLE>(::_get_osfhandle(dir_fd));
  wchar_t path[32768];
  const DWORD length = ::GetFinalPathNameByHandleW(dir, path, 32768, FILE_NAME_NORMALIZED);
  if (length == 0 || length >= 32768) {
    set_errno_from_last_error();
    return false;
  }
  const std::wstring base = std::wstring(path, length) + L"\\";
  // Without MOVEFILE_REPLACE_EXISTING the move fails when `to` exists.
  if (::MoveFileExW((base + to_utf16(from)).c_str(), (base + to_utf16(to)).c_str(), 0) == 0) {
    set_errno_from_last_error();
    return false;
  }
  return true;
}

} // namespace sd::util
