#include "util/local_time.hpp"

#include "util/zoneinfo.hpp"

namespace sd::util {

std::tm
local_tm(std::time_t when)
{
  std::tm tm{};
  ::localtime_r(&when, &tm);
  return tm;
}

void
reload_time_zone()
{
  ::tzset();
}

std::optional<std::string>
tz_value_of_zone(std::string_view name)
{
  if (!zoneinfo_has(name)) {
    return std::nullopt;
  }
  return ":" + std::string(name);
}

bool
named_zones_supported()
{
  return true;
}

} // namespace sd::util
