#include "util/duration.hpp"

#include <charconv>

namespace sd::util {

std::optional<std::chrono::seconds>
parse_duration(std::string_view text)
{
  long long number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || number < 0 || end + 1 != text.data() + text.size()) {
    return std::nullopt;
  }
  long long unit = 0;
  switch (*end) {
  case 's':
    unit = 1;
    break;
  case 'm':
    unit = 60;
    break;
  case 'h':
    unit = 3600;
    break;
  case 'd':
    unit = 86400;
    break;
  case 'w':
    unit = 604800;
    break;
  default:
    return std::nullopt;
  }
  // Beyond a hundred years is a typo, and would overflow where it is added to a time.
  if (number > 100LL * 366 * 86400 / unit) {
    return std::nullopt;
  }
  return std::chrono::seconds(number * unit);
}

std::optional<Delay>
parse_delay(std::string_view text)
{
  if (text == "off") {
    return Delay{true, std::chrono::seconds(0)};
  }
  if (text == "0") {
    return Delay{};
  }
  if (const auto duration = parse_duration(text)) {
    return Delay{false, *duration};
  }
  return std::nullopt;
}

std::optional<std::chrono::seconds>
parse_interval(std::string_view text, std::string& error)
{
  const auto duration = parse_duration(text);
  if (!duration || duration->count() < 1) {
    error = "expected a whole number and a unit (s, m, h, d, w), at least 1s, e.g. 2h or 5m";
    return std::nullopt;
  }
  return duration;
}

} // namespace sd::util
