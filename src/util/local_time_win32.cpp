#include "util/local_time.hpp"

// The Windows C runtime knows the system's own zone and POSIX-style TZ values only, not IANA
// names: of the named zones, only UTC is known on Windows.

namespace sd::util {

std::tm
local_tm(std::time_t when)
{
  std::tm tm{};
  ::localtime_s(&tm, &when);
  return tm;
}

void
reload_time_zone()
{
  ::_tzset();
}

std::optional<std::string>
tz_value_of_zone(std::string_view name)
{
  if (name == "UTC" || name == "Etc/UTC") {
    return "UTC0";
  }
  return std::nullopt;
}

bool
named_zones_supported()
{
  return false;
}

} // namespace sd::util
