#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

// The C library's local time, whose zone comes from TZ: the platform's spelling of its calls.

namespace sd::util {

/// `when` as local time in the zone TZ names now (localtime_r; localtime_s on Windows).
std::tm local_tm(std::time_t when);

/// Reads TZ again after it changed (tzset; _tzset on Windows).
void reload_time_zone();

/// The value of TZ that selects the IANA zone `name` ("Europe/Berlin"), or nullopt when this
/// platform cannot: POSIX systems read the zone database (":Europe/Berlin", when tzdata holds
/// it); Windows's C runtime knows POSIX-style rules only, so there only UTC is known ("UTC0").
std::optional<std::string> tz_value_of_zone(std::string_view name);

/// Whether this platform knows named zones beyond UTC (not Windows yet).
bool named_zones_supported();

} // namespace sd::util
