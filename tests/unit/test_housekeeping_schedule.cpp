#include "housekeeping/schedule.hpp"
#include "housekeeping/scheduler_state.hpp"
#include "housekeeping/thresholds.hpp"

#include "util/local_time.hpp"

#include <doctest/doctest.h>

using namespace sd::housekeeping;
using namespace std::chrono;

namespace {

// An instant given in UTC.
TimePoint
utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0)
{
  return sys_days(year(y) / month(mo) / day(d)) + hours(h) + minutes(mi) + seconds(s);
}

BusinessHours
hours_in(const char* zone, const char* days_text = "Mon-Fri", const char* window = "09:00-18:00")
{
  std::string error;
  BusinessHours hours;
  hours.zone = *TimeZone::named(zone);
  hours.days = *parse_days(days_text, error);
  const auto w = *parse_hours(window, error);
  hours.start_minute = w.first;
  hours.end_minute = w.second;
  return hours;
}

} // namespace

TEST_CASE("parse days, hours and intervals; bad values say how to fix them")
{
  std::string error;
  CHECK(*parse_days("Mon-Fri", error) == 0b0111110);
  CHECK(*parse_days("sat,SUN", error) == 0b1000001);
  CHECK(*parse_days("Fri-Mon", error) == 0b1100011);
  CHECK_FALSE(parse_days("Mon-Fry", error));
  CHECK(error.find("unknown day 'Fry'") != std::string::npos);
  CHECK(parse_hours("22:00-06:00", error) == std::pair{22 * 60, 6 * 60});
  CHECK(parse_hours("00:00-24:00", error) == std::pair{0, 1440});
  CHECK(parse_hours("23:00-00:00", error) == std::pair{23 * 60, 1440}); // until midnight
  CHECK(parse_hours("22:30-00:00", error) == std::pair{22 * 60 + 30, 1440});
  CHECK_FALSE(parse_hours("00:00-00:00", error));
  CHECK(error.find("empty") != std::string::npos);
  CHECK_FALSE(parse_hours("9-18", error));
  CHECK_FALSE(parse_hours("09:00-09:00", error));
  CHECK_FALSE(parse_hours("09:60-10:00", error));
  CHECK(*parse_interval("2h", error) == hours(2));
  CHECK_FALSE(parse_interval("0s", error));
  CHECK_FALSE(parse_interval("2 hours", error));
  // Windows's C runtime knows no named zones: refused there, with the reason in the setting's check.
  CHECK(TimeZone::named("Europe/Berlin").has_value() == sd::util::named_zones_supported());
  CHECK_FALSE(TimeZone::named("Europe/Berlln"));
  CHECK_FALSE(TimeZone::named("../../etc/passwd"));
  CHECK_FALSE(TimeZone::named("/etc/localtime"));
}

TEST_CASE("business hours: window edges (start inclusive, end exclusive) and weekends")
{
  const Schedule schedule(hours_in("UTC"), hours(2));
  // 2026-11-27 is a Friday.
  CHECK_FALSE(schedule.in_business_hours(utc(2026, 11, 27, 8, 59, 59)));
  CHECK(schedule.in_business_hours(utc(2026, 11, 27, 9, 0, 0)));
  CHECK(schedule.in_business_hours(utc(2026, 11, 27, 17, 59, 59)));
  CHECK_FALSE(schedule.in_business_hours(utc(2026, 11, 27, 18, 0, 0)));
  CHECK_FALSE(schedule.in_business_hours(utc(2026, 11, 28, 12, 0)));
  CHECK_FALSE(schedule.in_business_hours(utc(2026, 11, 29, 12, 0)));
  // Friday evening → Monday 09:00.
  CHECK(schedule.next_business_start(utc(2026, 11, 27, 18, 0)) == utc(2026, 11, 30, 9, 0));
  CHECK(schedule.next_business_start(utc(2026, 11, 30, 8, 59, 59)) == utc(2026, 11, 30, 9, 0));
}

TEST_CASE("next run: interval from the last run, overdue runs now, across the day boundary")
{
  const Schedule office(hours_in("UTC"), hours(2));
  const auto monday_10 = utc(2026, 11, 30, 10, 0);
  CHECK(office.next_run(monday_10, std::nullopt) == monday_10);
  CHECK(office.next_run(monday_10, utc(2026, 11, 30, 9, 30)) == utc(2026, 11, 30, 11, 30));
  CHECK(office.next_run(monday_10, utc(2026, 11, 30, 7, 0)) == monday_10); // overdue
  // 17:30 + 2h is outside: Tuesday 09:00.
  CHECK(office.next_run(utc(2026, 11, 30, 17, 31), utc(2026, 11, 30, 17, 30)) == utc(2026, 12, 1, 9, 0));

  const Schedule always(hours_in("UTC", "Mon-Sun", "00:00-24:00"), hours(2));
  CHECK(always.next_run(utc(2026, 11, 30, 23, 31), utc(2026, 11, 30, 23, 30)) == utc(2026, 12, 1, 1, 30));

  const Schedule night(hours_in("UTC", "Mon-Fri", "22:00-06:00"), hours(2));
  CHECK(night.in_business_hours(utc(2026, 12, 1, 3, 0)));        // Tuesday morning: Monday's window
  CHECK(night.in_business_hours(utc(2026, 11, 28, 3, 0)));       // Saturday morning: Friday's window
  CHECK_FALSE(night.in_business_hours(utc(2026, 11, 30, 3, 0))); // Monday morning: Sunday has none
  CHECK(night.next_run(utc(2026, 12, 1, 5, 1), utc(2026, 12, 1, 5, 0)) == utc(2026, 12, 1, 22, 0));
}

TEST_CASE("daylight-saving changes: Europe/Berlin")
{
  if (!sd::util::named_zones_supported()) {
    MESSAGE("skipped: named time zones are not supported on this platform (Windows)");
    return;
  }
  const Schedule berlin(hours_in("Europe/Berlin"), hours(2));
  // Before 2026-03-29 09:00 local is 08:00 UTC (CET); after, 07:00 UTC (CEST).
  CHECK(berlin.next_business_start(utc(2026, 3, 27, 17, 0)) == utc(2026, 3, 30, 7, 0));
  CHECK(berlin.in_business_hours(utc(2026, 3, 27, 8, 0)));
  CHECK_FALSE(berlin.in_business_hours(utc(2026, 3, 27, 7, 59, 59)));
  CHECK(berlin.in_business_hours(utc(2026, 3, 30, 7, 0)));
  // Back to CET on 2026-10-25 (a Sunday): Monday 09:00 local is 08:00 UTC.
  CHECK(berlin.next_business_start(utc(2026, 10, 23, 16, 0)) == utc(2026, 10, 26, 8, 0));

  // The interval is elapsed time: two hours after 00:30 CET is 03:30 CEST.
  const Schedule always(hours_in("Europe/Berlin", "Mon-Sun", "00:00-24:00"), hours(2));
  const auto last_run = utc(2026, 3, 28, 23, 30); // 00:30 CET
  CHECK(always.next_run(last_run, last_run) == utc(2026, 3, 29, 1, 30));
  CHECK(always.hours().zone.to_local(utc(2026, 3, 29, 1, 30)).hour == 3);

  // A window starting inside the gap (02:30 does not exist) opens when the gap ends, 03:00 CEST.
  const Schedule gap(hours_in("Europe/Berlin", "Sun", "02:30-04:00"), hours(2));
  CHECK(gap.next_business_start(utc(2026, 3, 28, 12, 0)) == utc(2026, 3, 29, 1, 0));
  // A time that occurs twice (02:30 on 2026-10-25) is the earlier one, 00:30 UTC (CEST).
  CHECK(gap.next_business_start(utc(2026, 10, 24, 12, 0)) == utc(2026, 10, 25, 0, 30));
}

TEST_CASE("daylight-saving changes: America/New_York")
{
  if (!sd::util::named_zones_supported()) {
    MESSAGE("skipped: named time zones are not supported on this platform (Windows)");
    return;
  }
  const Schedule ny(hours_in("America/New_York"), hours(2));
  // 2026-03-08 clocks go forward: Friday 09:00 EST = 14:00 UTC, Monday 09:00 EDT = 13:00 UTC.
  CHECK(ny.in_business_hours(utc(2026, 3, 6, 14, 0)));
  CHECK(ny.next_business_start(utc(2026, 3, 6, 23, 0)) == utc(2026, 3, 9, 13, 0));
  // 2026-11-01 back to EST: Monday 2026-11-02 09:00 = 14:00 UTC.
  CHECK(ny.next_business_start(utc(2026, 10, 30, 22, 0)) == utc(2026, 11, 2, 14, 0));
}

TEST_CASE("threshold decisions")
{
  Thresholds limits;
  limits.max_disk_percent = 85;
  limits.max_stopped_containers = 50;
  limits.max_image_bytes = 0;
  limits.max_build_cache_bytes = 1000000000;
  Measurements m;
  CHECK_FALSE(check_thresholds(limits, m).above()); // nothing measured
  m.disk_percent = 85.0;
  m.stopped_containers = 50;
  m.image_bytes = 999999999999; // the limit is off
  m.build_cache_bytes = 1000000000;
  CHECK_FALSE(check_thresholds(limits, m).above()); // at a limit is not above it
  m.disk_percent = 85.1;
  m.stopped_containers = 51;
  m.build_cache_bytes = 1000000001;
  const auto verdict = check_thresholds(limits, m);
  REQUIRE(verdict.exceeded.size() == 3);
  CHECK(verdict.exceeded[0] == "disk 85.1% > 85%");
  CHECK(verdict.exceeded[1] == "stopped containers 51 > 50");
  CHECK(verdict.exceeded[2].starts_with("build cache"));
  limits = Thresholds{0, 0, 0, 0};
  CHECK_FALSE(limits.any());
  CHECK_FALSE(check_thresholds(limits, m).above());
}

TEST_CASE("docker's output: info JSON, system df lines, human sizes")
{
  const auto info = parse_docker_info(R"({"ContainersStopped":12,"DockerRootDir":"/var/lib/docker","Images":3})");
  REQUIRE(info);
  CHECK(info->root_dir == "/var/lib/docker");
  CHECK(*info->stopped_containers == 12);
  CHECK_FALSE(info->in_desktop_vm);
  // Docker Desktop's engine, in its virtual machine (as docker info shows it on macOS and Windows).
  const auto desktop = parse_docker_info(
    R"({"ContainersStopped":0,"DockerRootDir":"/var/lib/docker","OperatingSystem":"Docker Desktop","Name":"docker-desktop"})");
  REQUIRE(desktop);
  CHECK(desktop->in_desktop_vm);
  CHECK_FALSE(parse_docker_info(R"json({"OperatingSystem":"Debian GNU/Linux 12 (bookworm)"})json")->in_desktop_vm);
  CHECK_FALSE(parse_docker_info("Cannot connect to the Docker daemon"));
  const auto usage = parse_system_df(
    "{\"Active\":\"1\",\"Reclaimable\":\"1GB (50%)\",\"Size\":\"2.5GB\",\"TotalCount\":\"4\",\"Type\":\"Images\"}\n"
    "{\"Active\":\"0\",\"Size\":\"0B\",\"TotalCount\":\"0\",\"Type\":\"Containers\"}\n"
    "not json\n"
    "{\"Active\":\"0\",\"Size\":\"312.4MB\",\"TotalCount\":\"9\",\"Type\":\"Build Cache\"}\n");
  CHECK(*usage.image_bytes == 2500000000);
  CHECK(*usage.build_cache_bytes == 312400000);
  CHECK(*parse_docker_size("0B") == 0);
  CHECK(*parse_docker_size("512kB") == 512000);
  CHECK(*parse_docker_size("2.5e+03MB") == 2500000000);
  CHECK_FALSE(parse_docker_size("12 GiB"));
  CHECK_FALSE(parse_docker_size("GB"));
}

TEST_CASE("scheduler state: round trip, version line, corrupt text")
{
  SchedulerState state;
  state.last_run_ms = 1795850400000;
  state.last_reason = "threshold";
  state.runs = 7;
  state.total_reclaimed_bytes = 123456789012;
  const auto text = encode_state(state);
  CHECK(text.starts_with(std::string(k_state_header) + "\n"));
  std::string error;
  const auto back = decode_state(text, error);
  REQUIRE(back);
  CHECK(back->last_reason == "threshold");
  CHECK(back->runs == 7);
  CHECK(back->total_reclaimed_bytes == 123456789012);
  CHECK_FALSE(decode_state("{\"runs\":1}\n", error));
  CHECK_FALSE(decode_state(std::string(k_state_header) + "\n{\"runs\":", error));
  CHECK_FALSE(decode_state(std::string(k_state_header) + "\n{\"runs\":\"many\"}\n", error));
  CHECK(error == "a field has the wrong type");
}
