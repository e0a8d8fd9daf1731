#include "housekeeping/scheduler.hpp"
#include "admission/clock.hpp"
#include "admission/error.hpp"
#include "admission/state_dir.hpp"
#include "cli/verb_setup.hpp"
#include "housekeeping/thresholds.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_log.hpp"
#include "record/stats.hpp"
#include "run/own_path.hpp"
#include "util/exit_codes.hpp"
#include "util/file_lock.hpp"
#include "util/file_reading.hpp"
#include "util/process_identity.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace sd::cli {

namespace {

using housekeeping::SchedulerState;

nlohmann::json
time_or_null(std::int64_t ms)
{
  return ms != 0 ? nlohmann::json(record::format_time(admission::from_epoch_ms(ms))) : nlohmann::json();
}

std::string
lock_path()
{
  return record::state_directory() + "/scheduler.lock";
}

// The pid of the scheduler holding the lock, or 0 when none runs.
long
running_scheduler()
{
  const auto file = util::open_readable(lock_path());
  if (!file) {
    return 0;
  }
  long pid = 0;
  if (!util::try_lock_file(file->fd, util::FileLock::shared)) {
    char text[32] = {};
    const auto n = util::read_at(file->fd, 0, text, sizeof text - 1);
    pid = n > 0 ? std::strtol(text, nullptr, 10) : -1;
  }
  util::close_file(file->fd);
  return pid;
}

// One scheduler at a time: an flock on STATE_DIR/scheduler.lock, held until we exit (the
// kernel drops it even on SIGKILL). Returns the descriptor, or -1 with a message printed.
int
take_single_instance_lock()
{
  const auto path = lock_path();
  admission::UniqueFd fd;
  try {
    // A checked state directory: the lock is never opened through a symlink or in a directory
    // another user owns or may write to.
    const auto dir = admission::StateDir::open(record::state_directory(), admission::Sharing::per_user);
    fd = dir.open_file("scheduler.lock", admission::OpenFor::updating);
  } catch (const admission::AdmissionError& error) {
    std::fprintf(stderr, "safedocker: error: %s\n", error.what());
    return -1;
  }
  if (!util::try_lock_file(fd.get(), util::FileLock::exclusive)) {
    std::fprintf(stderr, "safedocker: error: a cleanup scheduler already runs (pid %ld, %s); stop it first\n",
                 running_scheduler(), path.c_str());
    return -1;
  }
  // The pid as a state record (one write of a fixed size: never a torn or shorter one).
  if (!admission::write_record(fd.get(), std::to_string(util::own_pid()))) {
    std::fprintf(stderr, "safedocker: warning: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
  }
  return fd.release();
}

const char*
day_list(std::uint8_t days)
{
  static std::string text;
  static constexpr const char* k_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  text.clear();
  for (unsigned d = 0; d < 7; ++d) {
    if (((days >> d) & 1U) != 0) {
      text += (text.empty() ? "" : ",") + std::string(k_names[d]);
    }
  }
  return text.c_str();
}

int
print_status(const housekeeping::SchedulerConfig& config, bool json)
{
  const auto path = housekeeping::default_state_path();
  const auto load = housekeeping::load_state(path);
  if (!load.problem.empty()) {
    std::fprintf(stderr, "safedocker: warning: %s\n", load.problem.c_str());
  }
  const auto& s = load.state;
  const auto now = std::chrono::system_clock::now();
  const auto last_run = s.last_run_ms != 0 ? std::optional(admission::from_epoch_ms(s.last_run_ms)) : std::nullopt;
  const auto next_run = config.schedule.next_run(now, last_run);
  const long pid = running_scheduler();
  const auto& hours = config.schedule.hours();
  char window[32];
  std::snprintf(window, sizeof window, "%02d:%02d-%02d:%02d", hours.start_minute / 60, hours.start_minute % 60,
                hours.end_minute / 60, hours.end_minute % 60);
  const std::string zone = hours.zone.name().empty() ? "local time" : hours.zone.name();

  // The state's own fields, with its times as times (last_run, not last_run_ms), beside what
  // is known only now.
  auto out = housekeeping::state_json(s);
  for (const char* name : {"last_run", "last_check", "last_skip"}) {
    const auto key = std::string(name) + "_ms";
    out[name] = time_or_null(out[key].get<std::int64_t>());
    out.erase(key);
  }
  out.erase("next_run_ms"); // as the scheduler last saw it; next_run below is worked out now
  out.update({
    {"state_file", path},
    {"state_problem", load.problem},
    {"running", pid != 0},
    {"pid", pid > 0 ? nlohmann::json(pid) : nlohmann::json()},
    {"next_run", record::format_time(next_run)},
    {"in_business_hours", config.schedule.in_business_hours(now)},
    {"business_hours", {{"days", day_list(hours.days)}, {"hours", window}, {"timezone", zone}}},
    {"interval_s", config.schedule.interval().count()},
    {"check_interval_s", config.check_interval.count()},
  });
  if (json) {
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  std::printf("scheduler:   %s\n", pid > 0   ? ("running, pid " + std::to_string(pid)).c_str()
                                   : pid < 0 ? "running"
                                             : "not running");
  if (last_run) {
    std::printf("last run:    %s (%s, %s, exit %d): %lld removed, %s reclaimed%s\n",
                record::format_time(*last_run).c_str(), s.last_reason.c_str(), s.last_result.c_str(), s.last_exit,
                static_cast<long long>(s.last_removed), housekeeping::format_bytes(s.last_reclaimed_bytes).c_str(),
                s.last_detail.empty() ? "" : (" [" + s.last_detail + "]").c_str());
  } else {
    std::printf("last run:    never\n");
  }
  std::printf("next run:    %s (schedule: %s %s %s, every %llds; thresholds checked every %llds)\n",
              record::format_time(next_run).c_str(), day_list(hours.days), window, zone.c_str(),
              static_cast<long long>(config.schedule.interval().count()),
              static_cast<long long>(config.check_interval.count()));
  if (s.last_skip_ms != 0) {
    std::printf("last skip:   %s: %s\n", record::format_time(admission::from_epoch_ms(s.last_skip_ms)).c_str(),
                s.last_skip_reason.c_str());
  }
  std::printf("totals:      %lld run(s), %lld skipped, %lld removed, %s reclaimed\n", static_cast<long long>(s.runs),
              static_cast<long long>(s.skips), static_cast<long long>(s.total_removed),
              housekeeping::format_bytes(s.total_reclaimed_bytes).c_str());
  return 0;
}

} // namespace

VerbRunner
setup_scheduler(CLI::App& guard)
{
  struct Options
  {
    bool once = false;
    bool status = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* verb =
    guard.add_subcommand("scheduler", "Run the cleanup pass on a schedule and above thresholds (a foreground service)");
  auto* once = verb->add_flag("--once", options->once, "Run one cleanup pass now and exit");
  auto* status = verb->add_flag("--status", options->status, "Print the last and next run and the totals, then exit");
  once->excludes(status);
  verb->add_flag("--json", options->json, "With --status: print one JSON object");
  return [options](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto config = housekeeping::scheduler_config(rules.settings, run::own_path());
    if (options->status) {
      return print_status(config, options->json);
    }
    const int lock = take_single_instance_lock();
    if (lock < 0) {
      return 1;
    }
    auto world = housekeeping::make_system_world(rules, config);
    housekeeping::Scheduler scheduler(config, *world, housekeeping::default_state_path());
    int status_code = exit_code::k_ok;
    if (options->once) {
      status_code = housekeeping::once_exit_status(scheduler.run_once());
    } else {
      scheduler.serve();
    }
    util::close_file(lock);
    return status_code;
  };
}

} // namespace sd::cli
