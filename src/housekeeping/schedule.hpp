#pragma once

#include "util/business_hours_text.hpp"
#include "util/duration.hpp"
#include <chrono>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// When scheduled cleanup may run: business hours (days, a daily window, a time zone) and the
// interval between runs. Pure: every function takes the time it reasons about, so the tests
// inject any instant (weekends, window edges, daylight-saving changes) without a clock.
//
// Local time comes from the system time zone database (/usr/share/zoneinfo, tzdata) through the
// C library: g++ 12's libstdc++ has no std::chrono::locate_zone.

namespace sd::housekeeping {

using TimePoint = std::chrono::system_clock::time_point;

/// A local calendar date and time of day.
struct LocalTime
{
  int year = 1970;
  int month = 1;   ///< 1…12
  int day = 1;     ///< 1…31
  int weekday = 4; ///< 0 = Sunday … 6 = Saturday
  int hour = 0;
  int minute = 0;
  int second = 0;
};

/// An IANA time zone of the system database, or the machine's local time.
class TimeZone
{
public:
  /// The machine's local time (TZ, else /etc/localtime).
  TimeZone() = default;

  /// The zone `name` ("Europe/Berlin"); nullopt when it is not a file of the database (TZDIR,
  /// else /usr/share/zoneinfo) that starts with the TZif magic. An empty name is local time.
  static std::optional<TimeZone> named(std::string_view name);

  /// The zone's name; empty for local time.
  const std::string& name() const { return m_name; }

  /// `when` in this zone.
  LocalTime to_local(TimePoint when) const;

  /// The instant at local date `year-month-day` and `minute_of_day` (0…1440). A time that falls
  /// in a daylight-saving gap (02:30 when clocks jump from 02:00 to 03:00) is the end of the
  /// gap (03:00); a time that occurs twice (the fall-back hour) is the earlier instant.
  TimePoint from_local(int year, int month, int day, int minute_of_day) const;

private:
  std::string m_name;
  std::string m_tz; ///< TZ's value for it (util/local_time.hpp); empty: local time
};

/// Business hours: weekdays and a daily window [start, end) in a time zone. A window whose end
/// is before its start runs overnight and belongs to the day it starts on.
struct BusinessHours
{
  std::uint8_t days = 0b0111110; ///< bit N: weekday N (0 = Sunday); default Monday to Friday
  int start_minute = 9 * 60;     ///< 0…1439
  int end_minute = 18 * 60;      ///< 1…1440, exclusive; never equal to start_minute
  TimeZone zone;
};

/// The parsers of cleanup.days, cleanup.hours and the intervals (util/, shared with the
/// settings checks).
using util::parse_days;
using util::parse_hours;
using util::parse_interval;

/// The schedule of cleanup runs: every `interval` inside business hours.
class Schedule
{
public:
  Schedule(BusinessHours hours, std::chrono::seconds interval);

  /// Whether `when` is inside business hours: the local time is in [start, end) of a chosen day
  /// (08:59:59 is outside a 09:00 start, 09:00:00 inside; the end minute itself is outside).
  bool in_business_hours(TimePoint when) const;

  /// The earliest instant at or after `when` that is inside business hours.
  TimePoint next_business_start(TimePoint when) const;

  /// When the next scheduled run is due, seen at `after`: `last_run + interval` (elapsed time,
  /// not wall-clock time, so a daylight-saving change neither skips nor doubles a run), no
  /// earlier than `after`, moved forward to the next start of business hours when it falls
  /// outside them. Without a last run, the first instant in business hours from `after` on.
  TimePoint next_run(TimePoint after, std::optional<TimePoint> last_run) const;

  const BusinessHours& hours() const { return m_hours; }
  std::chrono::seconds interval() const { return m_interval; }

private:
  BusinessHours m_hours;
  std::chrono::seconds m_interval;
};

} // namespace sd::housekeeping
