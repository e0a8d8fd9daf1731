#include "policy/rules_places.hpp"

#include <cstdlib>

namespace sd::policy {

const std::string&
system_rules_path()
{
  static const std::string path = "/etc/safedocker/rules.toml";
  return path;
}

std::string
user_rules_path()
{
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/safedocker/rules.toml";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.config/safedocker/rules.toml";
  }
  return {};
}

} // namespace sd::policy
