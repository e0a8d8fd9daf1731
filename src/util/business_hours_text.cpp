#include "util/business_hours_text.hpp"

#include "util/comma_list.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace sd::util {

namespace {

std::optional<int>
day_number(std::string_view name)
{
  static constexpr std::array<std::string_view, 7> k_names = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  if (name.size() != 3) {
    return std::nullopt;
  }
  std::string lower;
  for (const char c : name) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const auto it = std::find(k_names.begin(), k_names.end(), lower);
  return it == k_names.end() ? std::nullopt : std::optional<int>(static_cast<int>(it - k_names.begin()));
}

std::optional<int>
parse_clock(std::string_view text, int max_minutes)
{
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0]))
      || !std::isdigit(static_cast<unsigned char>(text[1])) || !std::isdigit(static_cast<unsigned char>(text[3]))
      || !std::isdigit(static_cast<unsigned char>(text[4]))) {
    return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  const int total = hours * 60 + minutes;
  if (minutes > 59 || total > max_minutes) {
    return std::nullopt;
  }
  return total;
}

} // namespace

std::optional<std::uint8_t>
parse_days(std::string_view text, std::string& error)
{
  std::uint8_t bits = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    end = end == std::string_view::npos ? text.size() : end;
    const auto item = trim_spaces(text.substr(start, end - start));
    const auto dash = item.find('-');
    const auto first_name = trim_spaces(item.substr(0, dash));
    const auto last_name = dash == std::string_view::npos ? first_name : trim_spaces(item.substr(dash + 1));
    const auto first = day_number(first_name);
    const auto last = day_number(last_name);
    if (!first || !last) {
      error = "unknown day '" + std::string(!first ? first_name : last_name)
              + "'; write days as Mon,Tue,… or ranges such as Mon-Fri";
      return std::nullopt;
    }
    // A range may wrap over the week's end (Fri-Mon).
    for (int d = *first;; d = (d + 1) % 7) {
      bits = static_cast<std::uint8_t>(bits | (1U << static_cast<unsigned>(d)));
      if (d == *last) {
        break;
      }
    }
    start = end + 1;
  }
  return bits;
}

std::optional<std::pair<int, int>>
parse_hours(std::string_view text, std::string& error)
{
  const auto dash = text.find('-');
  const auto start = parse_clock(trim_spaces(text.substr(0, dash)), 23 * 60 + 59);
  const auto end =
    dash == std::string_view::npos ? std::nullopt : parse_clock(trim_spaces(text.substr(dash + 1)), 24 * 60);
  if (!start || !end) {
    error = "expected HH:MM-HH:MM (24-hour clock, end exclusive), e.g. 09:00-18:00 or 22:00-06:00";
    return std::nullopt;
  }
  if (*start == *end) {
    error = "the window is empty; write 00:00-24:00 for the whole day";
    return std::nullopt;
  }
  // An end of 00:00 is the midnight that ends the day: "23:00-00:00" means 23:00-24:00.
  return std::pair{*start, *end == 0 ? 24 * 60 : *end};
}

} // namespace sd::util
