#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// The text forms of business hours (cleanup.days, cleanup.hours): pure parsing, shared by the
// settings checks and the cleanup scheduler.

namespace sd::util {

/// Parses `cleanup.days`: comma-separated days or ranges, English three-letter names in any
/// case ("Mon-Fri", "Sat,Sun", "Fri-Mon", "Mon-Sun"). Returns the day bits (bit N: weekday N,
/// 0 = Sunday), or an error text ("unknown day 'Fry'; …") in `error`.
std::optional<std::uint8_t> parse_days(std::string_view text, std::string& error);

/// Parses `cleanup.hours`: "HH:MM-HH:MM", end exclusive, "24:00" or "00:00" as the midnight that
/// ends the day ("09:00-18:00", "22:00-06:00", "23:00-00:00", "00:00-24:00"). Returns {start, end}
/// minutes, or an error.
std::optional<std::pair<int, int>> parse_hours(std::string_view text, std::string& error);

} // namespace sd::util
