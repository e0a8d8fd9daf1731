#include "util/disk_space.hpp"

#include <sys/statvfs.h>

namespace sd::util {

std::optional<double>
disk_used_percent(const std::string& path)
{
  struct statvfs fs = {};
  if (::statvfs(path.c_str(), &fs) != 0) {
    return std::nullopt;
  }
  const double used = static_cast<double>(fs.f_blocks - fs.f_bfree);
  const double total = used + static_cast<double>(fs.f_bavail);
  return total > 0 ? std::optional(100.0 * used / total) : std::nullopt;
}

} // namespace sd::util
