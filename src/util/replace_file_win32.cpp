#include "util/replace_file.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sd::util {

std::optional<std::string>
replace_file(const std::string& path, std::string_view text)
{
  const auto slash = path.find_last_of("\\/");
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const std::string temp = dir + "\\." + name + ".tmp." + std::to_string(::GetCurrentProcessId());
  const std::wstring wide_temp = to_utf16(temp);
  const auto failed = [&](const char* what) {
    set_errno_from_last_error();
    const std::string message = std::string("cannot ") + what + " " + path + ": " + std::strerror(errno);
    ::DeleteFileW(wide_temp.c_str());
    return message;
  };
  ::DeleteFileW(wide_temp.c_str()); // left by a process of this pid that was killed
  // CREATE_NEW: never an existing file or what a link planted there points to.
  const HANDLE file = ::CreateFileW(wide_temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                                    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    set_errno_from_last_error();
    return std::string("cannot write ") + path + ": " + std::strerror(errno) + " (creating " + temp + ")";
  }
  bool ok = true;
  for (std::size_t done = 0; ok && done < text.size();) {
    const auto chunk = static_cast<DWORD>(std::min<std::size_t>(text.size() - done, 1U << 30));
    DWORD written = 0;
    ok = ::WriteFile(file, text.data() + done, chunk, &written, nullptr) != 0 && written > 0;
    done += written;
  }
  ok = ok && ::FlushFileBuffers(file) != 0;
  const DWORD error = ::GetLastError();
  ::CloseHandle(file);
  ::SetLastError(error);
  if (!ok) {
    return failed("write");
  }
  if (::MoveFileExW(wide_temp.c_str(), to_utf16(path).c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)
      == 0) {
    return failed("replace");
  }
  return std::nullopt;
}

} // namespace sd::util
