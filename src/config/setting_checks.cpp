#include "config/setting_checks.hpp"

#include "grammar/command_class.hpp"
#include "util/absolute_path.hpp"
#include "util/business_hours_text.hpp"
#include "util/comma_list.hpp"
#include "util/duration.hpp"
#include "util/local_time.hpp"
#include "util/redis_address.hpp"
#include "util/shell_words.hpp"
#include "util/zoneinfo.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace sd::config {

namespace {

// "a, b or c".
std::string
one_of(const std::vector<std::string_view>& words)
{
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + std::string(words[i]);
  }
  return text;
}

std::vector<std::string_view>
choice_words(std::string_view choices)
{
  std::vector<std::string_view> words;
  for (std::size_t start = 0; start <= choices.size();) {
    const auto bar = std::min(choices.find('|', start), choices.size());
    words.push_back(choices.substr(start, bar - start));
    start = bar + 1;
  }
  return words;
}

std::vector<std::string_view>
class_names()
{
  std::vector<std::string_view> names;
  for (const auto value : grammar::k_command_classes) {
    names.push_back(grammar::class_name(value));
  }
  return names;
}

std::string
range_text(const SettingCheck& check)
{
  return check.max == k_no_limit ? std::to_string(check.min) + " or more"
                                 : std::to_string(check.min) + " to " + std::to_string(check.max);
}

std::optional<std::string>
check_range(const SettingCheck& check, std::string_view value)
{
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
    return check.max == k_no_limit ? "must be a whole number, " + range_text(check)
                                   : "must be a whole number from " + range_text(check);
  }
  if (number < check.min || number > check.max) {
    return check.max == k_no_limit ? "must be " + range_text(check) : "must be from " + range_text(check);
  }
  return std::nullopt;
}

std::optional<std::string>
check_duration(std::string_view value)
{
  const auto duration = util::parse_duration(value);
  if (!duration) {
    return "not a duration; write a whole number and a unit (s, m, h, d, w) up to 100 years, e.g. 90s, 2h or 7d";
  }
  if (duration->count() == 0) {
    return "must be more than 0, e.g. 90s, 2h or 7d";
  }
  return std::nullopt;
}

// Every item must be a known class: an unknown or empty one would silently leave calls
// without a slot.
std::optional<std::string>
check_slot_classes(std::string_view value)
{
  const auto known = one_of(class_names());
  for (std::size_t start = 0; start <= value.size();) {
    const auto comma = std::min(value.find(',', start), value.size());
    const auto name = util::trim_spaces(value.substr(start, comma - start));
    if (name.empty()) {
      return "empty class name; write " + known + ", separated by commas";
    }
    if (!grammar::class_from_name(name)) {
      return "unknown class '" + std::string(name) + "'; write " + known;
    }
    start = comma + 1;
  }
  return std::nullopt;
}

// fnmatch syntax without flags: a backslash quotes the next character, '[' opens a bracket
// expression that a ']' must close (a ']' first in it, after an optional '!' or '^', is
// literal; "[:alpha:]" and the like are closed by ":]"). An unclosed '[' would make fnmatch read
// the pattern differently from what was meant, and a name meant to be kept would go.
std::optional<std::string>
glob_problem(std::string_view glob)
{
  const auto quoted = "'" + std::string(glob) + "'";
  for (std::size_t i = 0; i < glob.size(); ++i) {
    if (glob[i] == '\\') {
      if (i + 1 == glob.size()) {
        return "glob " + quoted + " ends in a lone backslash; remove it, or write \\\\ for a backslash";
      }
      ++i;
      continue;
    }
    if (glob[i] != '[') {
      continue;
    }
    std::size_t j = i + 1;
    if (j < glob.size() && (glob[j] == '!' || glob[j] == '^')) {
      ++j;
    }
    if (j < glob.size() && glob[j] == ']') {
      ++j;
    }
    bool closed = false;
    while (j < glob.size()) {
      if (glob[j] == ']') {
        closed = true;
        break;
      }
      if (glob[j] == '[' && j + 1 < glob.size() && (glob[j + 1] == ':' || glob[j + 1] == '.' || glob[j + 1] == '=')) {
        const auto close = glob.find(std::string{glob[j + 1], ']'}, j + 2);
        if (close == std::string_view::npos) {
          break;
        }
        j = close + 2;
        continue;
      }
      j += glob[j] == '\\' ? 2U : 1U;
    }
    if (!closed) {
      return "unclosed '[' in glob " + quoted + "; close it with ']', or write \\[ for a literal [";
    }
    i = j;
  }
  return std::nullopt;
}

std::optional<std::string>
check_globs(std::string_view value)
{
  for (const auto& glob : util::split_comma_list(value)) {
    if (auto problem = glob_problem(glob)) {
      return problem;
    }
  }
  return std::nullopt;
}

std::optional<std::string>
check_path(std::string_view value, CheckKind kind)
{
  if (value.empty()) {
    return std::nullopt;
  }
  for (const char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return "holds a control character; write a plain path";
    }
  }
  if (!util::is_absolute_path(value)) {
    return "not an absolute path; write one that starts with " + std::string(util::absolute_path_example())
           + ", or leave it empty for the default";
  }
  if (kind == CheckKind::file_path && util::is_path_separator(value.back())) {
    return "ends in " + std::string(1, value.back()) + ", so it names a directory; write the path of the file";
  }
  return std::nullopt;
}

std::optional<std::string>
check_shell_words(std::string_view value)
{
  if (value.empty()) {
    return std::nullopt;
  }
  const auto words = util::split_shell_words(value);
  if (!words) {
    return "a quote is left open; close it, or leave the setting empty for the default";
  }
  if (words->empty()) {
    return "no program given; write the program and its arguments, or leave the setting empty for the default";
  }
  return std::nullopt;
}

// Names go into Redis keys and records: a printable word, so that nothing can be read two ways.
std::optional<std::string>
check_name(std::string_view value)
{
  constexpr std::size_t k_max = 200;
  if (value.size() > k_max) {
    return "longer than 200 characters; write a shorter name";
  }
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || std::string_view("._-:@/").find(c) != std::string_view::npos;
    if (!ok) {
      return "the character '" + std::string(1, c)
             + "' is not allowed; write letters, digits and . _ - : @ / only, or leave it empty for the default";
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string>
check_value(const SettingCheck& check, std::string_view value)
{
  std::string error;
  switch (check.kind) {
  case CheckKind::boolean:
    if (value != "true" && value != "false") {
      return "must be true or false";
    }
    return std::nullopt;
  case CheckKind::range:
    return check_range(check, value);
  case CheckKind::duration:
    return check_duration(value);
  case CheckKind::delay:
    if (!util::parse_delay(value)) {
      return "not a delay; write a whole number and a unit (s, m, h, d, w) such as 2s or 1m, 0 for at once, or off for "
             "never";
    }
    return std::nullopt;
  case CheckKind::choice: {
    const auto words = choice_words(check.choices);
    if (std::find(words.begin(), words.end(), value) == words.end()) {
      return "unknown value '" + std::string(value) + "'; write " + one_of(words);
    }
    return std::nullopt;
  }
  case CheckKind::slot_classes:
    return check_slot_classes(value);
  case CheckKind::days:
    if (!util::parse_days(value, error)) {
      return error;
    }
    return std::nullopt;
  case CheckKind::hours:
    if (!util::parse_hours(value, error)) {
      return error;
    }
    return std::nullopt;
  case CheckKind::time_zone:
    if (!value.empty() && !util::named_zones_supported() && !util::tz_value_of_zone(value)) {
      return "named time zones other than UTC are not supported on Windows yet; write UTC, or leave it empty for "
             "the machine's local time";
    }
    if (!value.empty() && !util::tz_value_of_zone(value)) {
      return "not a zone of the time zone database (TZDIR, else /usr/share/zoneinfo: package tzdata); "
             "write an IANA name such as Europe/Berlin, or leave it empty for local time";
    }
    return std::nullopt;
  case CheckKind::globs:
    return check_globs(value);
  case CheckKind::file_path:
  case CheckKind::dir_path:
    return check_path(value, check.kind);
  case CheckKind::words:
    if (util::split_comma_list(value).empty()) {
      return "empty list; write at least one word (words are separated by commas)";
    }
    return std::nullopt;
  case CheckKind::shell_words:
    return check_shell_words(value);
  case CheckKind::redis_address:
    if (!util::parse_redis_address(value, error)) {
      return error;
    }
    return std::nullopt;
  case CheckKind::name:
    return check_name(value);
  }
  return "unknown check"; // not reached: every kind is handled above
}

std::string
allowed_values(const SettingCheck& check)
{
  switch (check.kind) {
  case CheckKind::boolean:
    return "true or false";
  case CheckKind::range:
    return range_text(check);
  case CheckKind::duration:
    return "duration > 0";
  case CheckKind::delay:
    return "duration, 0 or off";
  case CheckKind::choice:
    return one_of(choice_words(check.choices));
  case CheckKind::slot_classes:
    return "comma list of " + one_of(class_names());
  case CheckKind::days:
    return "days such as Mon-Fri";
  case CheckKind::hours:
    return "HH:MM-HH:MM";
  case CheckKind::time_zone:
    return "tzdata zone or empty";
  case CheckKind::globs:
    return "comma list of globs";
  case CheckKind::file_path:
    return "absolute file path or empty";
  case CheckKind::dir_path:
    return "absolute directory path or empty";
  case CheckKind::words:
    return "non-empty comma list";
  case CheckKind::shell_words:
    return "shell words or empty";
  case CheckKind::redis_address:
    return "redis://HOST[:PORT][/DB] or unix:///PATH";
  case CheckKind::name:
    return "a name or empty";
  }
  return "";
}

std::string
said_of(std::string_view key, const std::string& problem)
{
  return std::string(key) + (problem.starts_with("must ") ? " " : ": ") + problem;
}

} // namespace sd::config
