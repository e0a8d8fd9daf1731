#include "policy/rules_places.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <shlobj.h>

namespace sd::policy {

namespace {

std::string
known_folder(REFKNOWNFOLDERID id)
{
  PWSTR folder = nullptr;
  std::string path;
  if (::SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &folder) == S_OK) {
    path = util::from_utf16(folder);
  }
  ::CoTaskMemFree(folder);
  return path;
}

} // namespace

const std::string&
system_rules_path()
{
  static const std::string path = [] {
    const std::string data = known_folder(FOLDERID_ProgramData);
    return (data.empty() ? std::string("C:\\ProgramData") : data) + "\\safedocker\\rules.toml";
  }();
  return path;
}

std::string
user_rules_path()
{
  const std::string data = known_folder(FOLDERID_RoamingAppData);
  return data.empty() ? std::string() : data + "\\safedocker\\rules.toml";
}

} // namespace sd::policy
