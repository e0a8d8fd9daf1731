#include "util/windows_support.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <shlobj.h>

#include <cctype>
#include <io.h>

namespace sd::util {

std::string
known_folder(KnownFolder folder)
{
  const KNOWNFOLDERID& id = folder == KnownFolder::local_app_data     ? FOLDERID_LocalAppData
                            : folder == KnownFolder::roaming_app_data ? FOLDERID_RoamingAppData
                                                                      : FOLDERID_ProgramData;
  PWSTR path = nullptr;
  std::string text;
  if (::SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &path) == S_OK) {
    text = from_utf16(path);
  }
  ::CoTaskMemFree(path);
  return text;
}

bool
has_exe_suffix(std::string_view name)
{
  if (name.size() < 4) {
    return false;
  }
  std::string tail(name.substr(name.size() - 4));
  for (char& c : tail) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return tail == ".exe";
}

bool
drain_pipe(int fd, const std::function<void(std::string_view)>& take)
{
  const auto pipe = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
  DWORD available = 0;
  if (::PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr) == 0) {
    return false; // broken: every writer has closed it
  }
  while (available > 0) {
    char buffer[16384];
    DWORD got = 0;
    if (::ReadFile(pipe, buffer, available < sizeof buffer ? available : sizeof buffer, &got, nullptr) == 0
        || got == 0) {
      return false;
    }
    available -= got;
    take(std::string_view(buffer, got));
  }
  return true;
}

} // namespace sd::util
