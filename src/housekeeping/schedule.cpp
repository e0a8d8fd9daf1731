#include "housekeeping/schedule.hpp"

#include "record/stats.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace sd::housekeeping {

namespace {

using namespace std::chrono;

// Sets TZ for the lifetime of the scope and restores it after: the C library reads the zone
// from TZ only (tzset), and the environment is passed on to the processes we start.
class ZoneScope
{
public:
  explicit ZoneScope(const std::string& name)
    : m_active(!name.empty())
  {
    if (!m_active) {
      ::tzset();
      return;
    }
    if (const char* old = std::getenv("TZ"); old != nullptr) {
      m_old = old;
    }
    ::setenv("TZ", (":" + name).c_str(), 1);
    ::tzset();
  }
  ~ZoneScope()
  {
    if (!m_active) {
      return;
    }
    if (m_old) {
      ::setenv("TZ", m_old->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  ZoneScope(const ZoneScope&) = delete;
  ZoneScope& operator=(const ZoneScope&) = delete;

private:
  bool m_active;
  std::optional<std::string> m_old;
};

// Local wall time as seconds on a uniform scale, to compare local times across days.
std::int64_t
wall_seconds(const LocalTime& t)
{
  const auto day = sys_days(year(t.year) / month(static_cast<unsigned>(t.month)) / std::chrono::day(static_cast<unsigned>(t.day)));
  return static_cast<std::int64_t>(day.time_since_epoch().count()) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

LocalTime
to_local_unlocked(TimePoint when)
{
  const std::time_t seconds = system_clock::to_time_t(floor<std::chrono::seconds>(when));
  std::tm tm{};
  ::localtime_r(&seconds, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday, tm.tm_hour, tm.tm_min, tm.tm_sec};
}

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

std::string_view
trim(std::string_view text)
{
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
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

std::optional<TimeZone>
TimeZone::named(std::string_view name)
{
  TimeZone zone;
  if (name.empty()) {
    return zone;
  }
  // A name, not a path: no absolute path, no way out of the database directory.
  if (name.front() == '/' || name.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+') {
      return std::nullopt;
    }
  }
  const char* tzdir = std::getenv("TZDIR");
  const std::string dir = tzdir != nullptr && *tzdir == '/' ? tzdir : "/usr/share/zoneinfo";
  std::ifstream file(dir + "/" + std::string(name), std::ios::binary);
  char magic[4] = {};
  if (!file.read(magic, sizeof magic) || std::string_view(magic, sizeof magic) != "TZif") {
    return std::nullopt;
  }
  zone.m_name = std::string(name);
  return zone;
}

LocalTime
TimeZone::to_local(TimePoint when) const
{
  const ZoneScope scope(m_name);
  return to_local_unlocked(when);
}

TimePoint
TimeZone::from_local(int year_value, int month_value, int day_value, int minute_of_day) const
{
  const ZoneScope scope(m_name);
  // Normalised target (minute 1440 is the next day's midnight).
  const auto date = sys_days(year(year_value) / month(static_cast<unsigned>(month_value)) / day(static_cast<unsigned>(day_value)))
                    + days(minute_of_day / 1440);
  const year_month_day ymd(date);
  LocalTime target{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day())), 0, (minute_of_day % 1440) / 60, minute_of_day % 60, 0};
  const auto wanted = wall_seconds(target);

  // The two readings of the wall time, as standard and as daylight-saving time; each is valid
  // when it converts back to the same wall time.
  std::optional<TimePoint> earliest_valid;
  std::vector<TimePoint> readings;
  for (const int isdst : {0, 1}) {
    std::tm tm{};
    tm.tm_year = target.year - 1900;
    tm.tm_mon = target.month - 1;
    tm.tm_mday = target.day;
    tm.tm_hour = target.hour;
    tm.tm_min = target.minute;
    tm.tm_isdst = isdst;
    const std::time_t t = ::mktime(&tm);
    if (t == static_cast<std::time_t>(-1)) {
      continue;
    }
    const auto point = system_clock::from_time_t(t);
    readings.push_back(point);
    if (wall_seconds(to_local_unlocked(point)) == wanted && (!earliest_valid || point < *earliest_valid)) {
      earliest_valid = point;
    }
  }
  if (earliest_valid) {
    return *earliest_valid;
  }
  if (readings.empty()) {
    return system_clock::from_time_t(0);
  }
  // A gap: the first instant whose wall time is at or after the target is the end of the gap.
  // Local time rises steadily across a gap, so a binary search between the readings finds it.
  auto [low, high] = std::minmax_element(readings.begin(), readings.end());
  auto lo = floor<seconds>(*low) - hours(3);
  auto hi = floor<seconds>(*high) + hours(3);
  while (hi - lo > seconds(1)) {
    const auto mid = lo + (hi - lo) / 2;
    if (wall_seconds(to_local_unlocked(mid)) >= wanted) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

std::optional<std::uint8_t>
parse_days(std::string_view text, std::string& error)
{
  std::uint8_t bits = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    end = end == std::string_view::npos ? text.size() : end;
    const auto item = trim(text.substr(start, end - start));
    const auto dash = item.find('-');
    const auto first_name = trim(item.substr(0, dash));
    const auto last_name = dash == std::string_view::npos ? first_name : trim(item.substr(dash + 1));
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
  const auto start = parse_clock(trim(text.substr(0, dash)), 23 * 60 + 59);
  const auto end = dash == std::string_view::npos ? std::nullopt : parse_clock(trim(text.substr(dash + 1)), 24 * 60);
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

std::optional<std::chrono::seconds>
parse_interval(std::string_view text, std::string& error)
{
  const auto duration = record::parse_duration(text);
  if (!duration || duration->count() < 1) {
    error = "expected a whole number and a unit (s, m, h, d, w), at least 1s, e.g. 2h or 5m";
    return std::nullopt;
  }
  return duration;
}

Schedule::Schedule(BusinessHours hours, std::chrono::seconds interval)
  : m_hours(std::move(hours)),
    m_interval(interval)
{
}

bool
Schedule::in_business_hours(TimePoint when) const
{
  const auto local = m_hours.zone.to_local(when);
  const int minute = local.hour * 60 + local.minute;
  const auto chosen = [this](int weekday) { return (m_hours.days >> static_cast<unsigned>(weekday)) & 1U; };
  if (m_hours.start_minute < m_hours.end_minute) {
    return chosen(local.weekday) && minute >= m_hours.start_minute && minute < m_hours.end_minute;
  }
  // Overnight: the evening part belongs to today, the morning part to yesterday's window.
  return (chosen(local.weekday) && minute >= m_hours.start_minute)
         || (chosen((local.weekday + 6) % 7) && minute < m_hours.end_minute);
}

TimePoint
Schedule::next_business_start(TimePoint when) const
{
  if (in_business_hours(when)) {
    return when;
  }
  const auto local = m_hours.zone.to_local(when);
  const auto today = sys_days(year(local.year) / month(static_cast<unsigned>(local.month)) / day(static_cast<unsigned>(local.day)));
  // Outside the hours, the next instant inside is the start of a window: yesterday's (an
  // overnight one has started already, so it never qualifies) through the coming week's.
  for (int offset = -1; offset <= 8; ++offset) {
    const auto date = today + days(offset);
    if (((m_hours.days >> weekday(date).c_encoding()) & 1U) == 0) {
      continue;
    }
    const year_month_day ymd(date);
    const auto start = m_hours.zone.from_local(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                                               static_cast<int>(static_cast<unsigned>(ymd.day())), m_hours.start_minute);
    if (start >= when && in_business_hours(start)) {
      return start;
    }
  }
  // No window within the week (one lying wholly in a daylight-saving gap): look again in a day.
  return when + days(1);
}

TimePoint
Schedule::next_run(TimePoint after, std::optional<TimePoint> last_run) const
{
  auto candidate = after;
  if (last_run) {
    candidate = std::max(after, *last_run + m_interval);
  }
  return next_business_start(candidate);
}

} // namespace sd::housekeeping
