#include "util/zoneinfo.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string>

namespace sd::util {

bool
zoneinfo_has(std::string_view name)
{
  // A name, not a path: no absolute path, no way out of the database directory.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return false;
  }
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+') {
      return false;
    }
  }
  const char* tzdir = std::getenv("TZDIR");
  const std::string dir = tzdir != nullptr && *tzdir == '/' ? tzdir : "/usr/share/zoneinfo";
  std::ifstream file(dir + "/" + std::string(name), std::ios::binary);
  char magic[4] = {};
  return file.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == "TZif";
}

} // namespace sd::util
