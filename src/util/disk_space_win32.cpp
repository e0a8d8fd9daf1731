#include "util/disk_space.hpp"

#include "util/utf16.hpp"

#include <windows.h>

namespace sd::util {

std::optional<double>
disk_used_percent(const std::string& path)
{
  ULARGE_INTEGER available{};
  ULARGE_INTEGER total{};
  ULARGE_INTEGER free{};
  if (::GetDiskFreeSpaceExW(to_utf16(path).c_str(), &available, &total, &free) == 0) {
    return std::nullopt;
  }
  // As df: used ÷ (used + what an unprivileged user may still use); quotas count as full.
  const double used = static_cast<double>(total.QuadPart - free.QuadPart);
  const double sum = used + static_cast<double>(available.QuadPart);
  return sum > 0 ? std::optional(100.0 * used / sum) : std::nullopt;
}

} // namespace sd::util
