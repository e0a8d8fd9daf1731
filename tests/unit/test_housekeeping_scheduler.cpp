#include "housekeeping/scheduler.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

using namespace sd::housekeeping;
using namespace std::chrono;

namespace {

// Time moves only when the scheduler waits; it stops after `max_waits` sleeps.
class FakeWorld final : public SchedulerWorld
{
public:
  TimePoint time = sys_days(year(2026) / 11 / 30) + hours(10); // a Monday, 10:00 UTC
  int max_waits = 3;
  std::vector<TimePoint> waits;
  std::vector<TimePoint> passes;
  std::vector<std::string> events;
  std::string blocked;
  Measurements measured;
  int measures = 0;

  TimePoint now() override { return time; }
  bool wait_until(TimePoint due) override
  {
    waits.push_back(due);
    time = due;
    return static_cast<int>(waits.size()) < max_waits;
  }
  bool stop_requested() override { return false; }
  std::string blocked_reason() override { return blocked; }
  std::optional<Measurements> measure(const Thresholds&) override
  {
    ++measures;
    return measured;
  }
  PassResult run_pass() override
  {
    passes.push_back(time);
    time += seconds(30);
    return {0, false, 2, 100, 30000, ""};
  }
  void audit(const sd::record::AuditRecord& event) override { events.push_back(event.event + ": " + event.message); }
  void warn(const std::string&) override {}
};

SchedulerConfig
office_hours(std::int64_t max_stopped)
{
  BusinessHours hours;
  hours.zone = *TimeZone::named("UTC");
  SchedulerConfig config;
  config.schedule = Schedule(hours, std::chrono::hours(2));
  config.check_interval = minutes(5);
  config.thresholds = Thresholds{0, max_stopped, 0, 0};
  return config;
}

std::string
temp_state()
{
  // The state lives in a directory of its own: a checked one, never /tmp itself.
  const auto dir = "/tmp/sd-scheduler-" + std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0700);
  return dir + "/scheduler.state";
}

} // namespace

TEST_CASE("scheduler loop: runs at once inside business hours, then sleeps one interval")
{
  FakeWorld world;
  const auto path = temp_state();
  std::remove(path.c_str());
  Scheduler scheduler(office_hours(0), world, path);
  const auto start = world.time;
  scheduler.serve();
  REQUIRE(world.passes.size() == 3); // at start, then after each of the first two sleeps
  CHECK(world.passes[0] == start);
  CHECK(world.passes[1] == start + hours(2)); // the interval counts from the pass's start
  CHECK(world.passes[2] == start + hours(4));
  CHECK(world.waits[0] == start + hours(2));
  CHECK(world.measures == 0); // thresholds off: never measured
  CHECK(scheduler.state().runs == 3);
  CHECK(scheduler.state().total_reclaimed_bytes == 300);
  CHECK(load_state(path).state.runs == 3);
  std::remove(path.c_str());
}

TEST_CASE("scheduler loop: the breaker open skips the pass and retries after the check interval")
{
  FakeWorld world;
  world.blocked = "circuit breaker open";
  world.max_waits = 2;
  const auto path = temp_state();
  std::remove(path.c_str());
  Scheduler scheduler(office_hours(0), world, path);
  const auto start = world.time;
  scheduler.serve();
  CHECK(world.passes.empty());
  REQUIRE(world.waits.size() == 2);
  CHECK(world.waits[0] == start + minutes(5));
  CHECK(scheduler.state().skips == 2);
  REQUIRE(!world.events.empty());
  CHECK(world.events[0] == "cleanup_skipped: schedule pass skipped: circuit breaker open");
  std::remove(path.c_str());
}

TEST_CASE("scheduler loop: out of hours only a threshold above its limit starts a pass")
{
  FakeWorld world;
  world.time = sys_days(year(2026) / 11 / 28) + hours(12); // Saturday
  world.measured.stopped_containers = 60;
  world.max_waits = 2;
  const auto path = temp_state();
  std::remove(path.c_str());
  Scheduler scheduler(office_hours(50), world, path);
  scheduler.serve();
  REQUIRE(world.passes.size() == 2); // at start-up and at the next check, 5 minutes later
  CHECK(world.passes[1] - world.passes[0] == minutes(5));
  CHECK(scheduler.state().last_reason == "threshold");
  CHECK(scheduler.state().last_detail == "stopped containers 60 > 50");

  FakeWorld calm;
  calm.time = world.time;
  calm.measured.stopped_containers = 10;
  calm.max_waits = 3;
  std::remove(path.c_str());
  Scheduler quiet(office_hours(50), calm, path);
  quiet.serve();
  CHECK(calm.passes.empty());
  CHECK(calm.measures == 3);
  std::remove(path.c_str());
}

TEST_CASE("scheduler state: never written through a symlinked or foreign-writable directory")
{
  const auto base = "/tmp/sd-scheduler-links-" + std::to_string(::getpid());
  const auto real = base + "-real";
  ::mkdir(real.c_str(), 0700);
  ::symlink(real.c_str(), base.c_str());
  const auto error = save_state(base + "/scheduler.state", SchedulerState{});
  REQUIRE(error.has_value());
  CHECK(error->find("symbolic link") != std::string::npos);
  ::chmod(real.c_str(), 0777);
  const auto loose = save_state(real + "/scheduler.state", SchedulerState{});
  REQUIRE(loose.has_value());
  CHECK(loose->find("chmod go-w") != std::string::npos);
  ::chmod(real.c_str(), 0700);
  CHECK_FALSE(save_state(real + "/scheduler.state", SchedulerState{}).has_value());
  CHECK(load_state(real + "/scheduler.state").problem.empty());
  ::unlink((real + "/scheduler.state").c_str());
  ::rmdir(real.c_str());
  ::unlink(base.c_str());
}
