#include "policy/rules_places.hpp"

#include "util/windows_support.hpp"

namespace sd::policy {

const std::string&
system_rules_path()
{
  static const std::string path = [] {
    const std::string data = util::known_folder(util::KnownFolder::program_data);
    return (data.empty() ? std::string("C:\\ProgramData") : data) + "\\safedocker\\rules.toml";
  }();
  return path;
}

std::string
user_rules_path()
{
  const std::string data = util::known_folder(util::KnownFolder::roaming_app_data);
  return data.empty() ? std::string() : data + "\\safedocker\\rules.toml";
}

} // namespace sd::policy
