#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

// What a setting's value may be: each key of the key table (settings.cpp) carries one check, and
// every value set in a rules file or the environment passes it before it counts. A typo must
// never weaken protection, so a bad value is an error, never clamped or replaced by the default.

namespace sd::config {

enum class CheckKind : std::uint8_t {
  boolean,       ///< true or false
  range,         ///< a whole number from `min` to `max`
  duration,      ///< a whole number and a unit (s, m, h, d, w), more than 0, at most 100 years
  delay,         ///< a duration, 0 (at once) or off (never)
  choice,        ///< one of the words of `choices`, separated by '|' ("never|sessions")
  slot_classes,  ///< a comma list of command classes (client, streaming, interactive, daemon)
  days,          ///< business days: Mon,Tue,… or ranges such as Mon-Fri
  hours,         ///< a daily window HH:MM-HH:MM
  time_zone,     ///< an IANA zone of the time zone database, or empty (local time)
  globs,         ///< a comma list of globs (fnmatch syntax), or empty
  file_path,     ///< an absolute path of a file, or empty (the default)
  dir_path,      ///< an absolute path of a directory, or empty (the default)
  words,         ///< a comma list of at least one word
  shell_words,   ///< a program and its arguments as shell words (quotes close), or empty (the default)
  redis_address, ///< redis://HOST[:PORT][/DB] or unix:///PATH[?db=DB] (util/redis_address.hpp)
  name,          ///< a name shown and used in keys: letters, digits and . _ - : @ /, or empty (the default)
};

/// One setting's check: its kind and, for a range or a choice, its bounds or words.
struct SettingCheck
{
  CheckKind kind;
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::string_view choices; ///< for CheckKind::choice: "never|sessions"
};

/// The largest bound of a range: "0 or more".
constexpr std::int64_t k_no_limit = std::numeric_limits<std::int64_t>::max();

/// A check of `kind` without bounds or words.
constexpr SettingCheck
check(CheckKind kind)
{
  return {kind, 0, 0, {}};
}

/// A whole number from `min` to `max`.
constexpr SettingCheck
range(std::int64_t min, std::int64_t max)
{
  return {CheckKind::range, min, max, {}};
}

/// One of `words`, separated by '|'.
constexpr SettingCheck
choice(std::string_view words)
{
  return {CheckKind::choice, 0, 0, words};
}

/// Why `value` (as the settings hold it: "true", "42", the text) fails `check`, or nullopt when
/// it passes. The text either starts with "must " and says what is allowed ("must be from 1 to
/// 1000"), or is "what is wrong; the fix" ("unknown class 'deamon'; write client, streaming,
/// interactive or daemon"). Only time_zone reads a file (four bytes of the zone's file).
std::optional<std::string> check_value(const SettingCheck& check, std::string_view value);

/// The allowed values in a few words ("1 to 1000", "never or sessions", "duration > 0"), as the
/// manual's settings section (generated from the key table) writes them.
std::string allowed_values(const SettingCheck& check);

/// `problem` (from check_value) said of `key`: "limits.max_concurrent must be from 1 to 1000",
/// "limits.slot_classes: unknown class 'deamon'; …".
std::string said_of(std::string_view key, const std::string& problem);

} // namespace sd::config
