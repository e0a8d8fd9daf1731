#include "config/default_lock_dir.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <shlobj.h>

namespace sd::config {

std::string
default_lock_directory(bool)
{
  // The user's local application data (not roamed between machines), asked of the shell rather
  // than read from %LOCALAPPDATA%, which the caller's environment could point elsewhere.
  PWSTR folder = nullptr;
  std::string path;
  if (::SHGetKnownFolderPath(FOLDERID_LocalAppData, KF_FLAG_DEFAULT, nullptr, &folder) == S_OK) {
    path = util::from_utf16(folder) + "\\safedocker\\locks";
  }
  ::CoTaskMemFree(folder);
  return path.empty() ? std::string("C:\\ProgramData\\safedocker\\locks") : path;
}

} // namespace sd::config
