#include "housekeeping/schedule.hpp"

#include "util/environment.hpp"
#include "util/local_time.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace sd::housekeeping {

namespace {

using namespace std::chrono;

// Sets TZ for the lifetime of the scope and restores it after: the C library reads the zone
// from TZ only (tzset), and the environment is passed on to the processes we start.
class ZoneScope
{
public:
  /// `tz`: TZ's value for the zone (util::tz_value_of_zone); empty: local time as it is.
  explicit ZoneScope(const std::string& tz)
    : m_active(!tz.empty())
  {
    if (!m_active) {
      util::reload_time_zone();
      return;
    }
    if (const char* old = std::getenv("TZ"); old != nullptr) {
      m_old = old;
    }
    util::set_environment("TZ", tz);
    util::reload_time_zone();
  }
  ~ZoneScope()
  {
    if (!m_active) {
      return;
    }
    if (m_old) {
      util::set_environment("TZ", *m_old);
    } else {
      util::unset_environment("TZ");
    }
    util::reload_time_zone();
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
  const auto day =
    sys_days(year(t.year) / month(static_cast<unsigned>(t.month)) / std::chrono::day(static_cast<unsigned>(t.day)));
  return static_cast<std::int64_t>(day.time_since_epoch().count()) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

LocalTime
to_local_unlocked(TimePoint when)
{
  const std::time_t seconds = system_clock::to_time_t(floor<std::chrono::seconds>(when));
  const std::tm tm = util::local_tm(seconds);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday, tm.tm_hour, tm.tm_min, tm.tm_sec};
}

} // namespace

std::optional<TimeZone>
TimeZone::named(std::string_view name)
{
  TimeZone zone;
  if (name.empty()) {
    return zone;
  }
  const auto tz = util::tz_value_of_zone(name);
  if (!tz) {
    return std::nullopt;
  }
  zone.m_name = std::string(name);
  zone.m_tz = *tz;
  return zone;
}

LocalTime
TimeZone::to_local(TimePoint when) const
{
  const ZoneScope scope(m_tz);
  return to_local_unlocked(when);
}

TimePoint
TimeZone::from_local(int year_value, int month_value, int day_value, int minute_of_day) const
{
  const ZoneScope scope(m_tz);
  // Normalised target (minute 1440 is the next day's midnight).
  const auto date =
    sys_days(year(year_value) / month(static_cast<unsigned>(month_value)) / day(static_cast<unsigned>(day_value)))
    + days(minute_of_day / 1440);
  const year_month_day ymd(date);
  LocalTime target{static_cast<int>(ymd.year()),
                   static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day())),
                   0,
                   (minute_of_day % 1440) / 60,
                   minute_of_day % 60,
                   0};
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

Schedule::Schedule(BusinessHours hours, std::chrono::seconds interval)
  : m_hours(std::move(hours)),
    m_interval(interval)
{}

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
  const auto today =
    sys_days(year(local.year) / month(static_cast<unsigned>(local.month)) / day(static_cast<unsigned>(local.day)));
  // Outside the hours, the next instant inside is the start of a window: yesterday's (an
  // overnight one has started already, so it never qualifies) through the coming week's.
  for (int offset = -1; offset <= 8; ++offset) {
    const auto date = today + days(offset);
    if (((m_hours.days >> weekday(date).c_encoding()) & 1U) == 0) {
      continue;
    }
    const year_month_day ymd(date);
    const auto start =
      m_hours.zone.from_local(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
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
