#include "run/program_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

namespace sd::run {

std::optional<FileId>
file_id(const std::string& path)
{
  struct stat info = {};
  if (::stat(path.c_str(), &info) != 0) {
    return std::nullopt;
  }
  return FileId{static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino)};
}

// With one stat and one access.
std::optional<FileId>
executable_file_id(const std::string& path)
{
  struct stat info = {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || ::access(path.c_str(), X_OK) != 0) {
    return std::nullopt;
  }
  return FileId{static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino)};
}

std::string
program_in(std::string_view dir, std::string_view name)
{
  return std::string(dir) + "/" + std::string(name);
}

} // namespace sd::run
