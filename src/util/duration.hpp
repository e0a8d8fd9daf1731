#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

// Durations as the settings write them: a whole number and one unit.

namespace sd::util {

/// Parses "90s", "15m", "2h", "7d", "1w" (a whole number and one unit, at most a hundred years);
/// nullopt otherwise.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

/// A delay that can be switched off, as limits.notice_after writes it.
struct Delay
{
  bool off = false; ///< "off": never
  std::chrono::seconds after{0};
};

/// Parses "off", "0" or a duration ("2s", "1m"); nullopt otherwise.
std::optional<Delay> parse_delay(std::string_view text);

/// Parses an interval such as "90s", "5m", "2h", "1d" (at least one second), or an error.
std::optional<std::chrono::seconds> parse_interval(std::string_view text, std::string& error);

} // namespace sd::util
