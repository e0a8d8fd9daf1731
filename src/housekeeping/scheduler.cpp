#include "housekeeping/scheduler.hpp"

#include "util/bad_enum.hpp"

#include "admission/clock.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"
#include "util/path_search.hpp"
#include "util/shell_words.hpp"

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

namespace sd::housekeeping {

namespace {

using admission::from_epoch_ms;
using admission::to_epoch_ms;

[[noreturn]] void
bad_setting(const config::Settings& settings, std::string_view key, const std::string& problem)
{
  const auto& value = settings.get(key);
  throw Fatal(exit_code::k_bad_rules,
              value.origin + ": " + std::string(key) + " = \"" + value.value + "\": " + problem + "; nothing was run");
}

std::int64_t
limit(const config::Settings& settings, std::string_view key, std::int64_t max)
{
  const auto value = settings.integer(key);
  if (value < 0 || value > max) {
    bad_setting(settings, key, "expected 0 (off) to " + std::to_string(max));
  }
  return value;
}

std::string
join(const std::vector<std::string>& parts)
{
  std::string text;
  for (const auto& part : parts) {
    text += (text.empty() ? "" : ", ") + part;
  }
  return text;
}

} // namespace

std::string_view
reason_name(RunReason reason)
{
  switch (reason) {
  case RunReason::schedule:
    return "schedule";
  case RunReason::threshold:
    return "threshold";
  case RunReason::once:
    return "once";
  }
  util::bad_enum("RunReason", static_cast<long long>(reason));
}

std::string_view
outcome_name(PassOutcome outcome)
{
  switch (outcome) {
  case PassOutcome::ok:
    return "ok";
  case PassOutcome::failed:
    return "failed";
  case PassOutcome::interrupted:
    return "interrupted";
  case PassOutcome::skipped:
    return "skipped";
  }
  util::bad_enum("PassOutcome", static_cast<long long>(outcome));
}

int
once_exit_status(PassOutcome outcome)
{
  switch (outcome) {
  case PassOutcome::ok:
  case PassOutcome::interrupted:
    return exit_code::k_ok;
  case PassOutcome::skipped:
    return exit_code::k_breaker_open;
  case PassOutcome::failed:
    break;
  }
  return 1;
}

SchedulerConfig
scheduler_config(const config::Settings& settings, const std::string& self)
{
  std::string error;
  BusinessHours hours;
  const auto days = parse_days(settings.text("cleanup.days"), error);
  if (!days) {
    bad_setting(settings, "cleanup.days", error);
  }
  hours.days = *days;
  const auto window = parse_hours(settings.text("cleanup.hours"), error);
  if (!window) {
    bad_setting(settings, "cleanup.hours", error);
  }
  hours.start_minute = window->first;
  hours.end_minute = window->second;
  const auto zone = TimeZone::named(settings.text("cleanup.timezone"));
  if (!zone) {
    bad_setting(settings, "cleanup.timezone",
                "not in the time zone database (/usr/share/zoneinfo, package tzdata); use an IANA name such as "
                "Europe/Berlin, or leave it empty for local time");
  }
  hours.zone = *zone;
  const auto interval = parse_interval(settings.text("cleanup.interval"), error);
  if (!interval) {
    bad_setting(settings, "cleanup.interval", error);
  }
  const auto check_interval = parse_interval(settings.text("cleanup.check_interval"), error);
  if (!check_interval) {
    bad_setting(settings, "cleanup.check_interval", error);
  }

  SchedulerConfig config;
  config.schedule = Schedule(hours, *interval);
  config.check_interval = *check_interval;
  config.thresholds.max_disk_percent = limit(settings, "cleanup.max_disk_percent", 100);
  config.thresholds.max_stopped_containers = limit(settings, "cleanup.max_stopped_containers", INT64_MAX);
  config.thresholds.max_image_bytes = limit(settings, "cleanup.max_image_bytes", INT64_MAX);
  config.thresholds.max_build_cache_bytes = limit(settings, "cleanup.max_build_cache_bytes", INT64_MAX);

  const auto command = settings.text("cleanup.command");
  if (command.empty()) {
    config.program = self;
    config.command = {"safedocker", "guard", "cleanup", "--json"};
    return config;
  }
  auto words = util::split_shell_words(command);
  if (!words || words->empty()) {
    bad_setting(settings, "cleanup.command",
                "expected a program and its arguments (quotes close), or empty for safedocker's own cleanup");
  }
  config.program = words->front().find('/') == std::string::npos
                     ? util::find_on_path(util::path_variable(), words->front(), util::RelativeEntries::skipped)
                     : words->front();
  if (config.program.empty() || ::access(config.program.c_str(), X_OK) != 0) {
    bad_setting(settings, "cleanup.command", "'" + words->front() + "' is not an executable file; give its full path");
  }
  config.command = std::move(*words);
  return config;
}

Scheduler::Scheduler(SchedulerConfig config, SchedulerWorld& world, std::string state_path)
  : m_config(std::move(config)),
    m_world(world),
    m_state_path(std::move(state_path))
{
  auto load = load_state(m_state_path);
  if (!load.problem.empty()) {
    m_world.warn(load.problem);
  }
  m_state = load.state;
}

void
Scheduler::save()
{
  if (const auto error = save_state(m_state_path, m_state)) {
    m_world.warn(*error);
  }
}

PassOutcome
Scheduler::pass(RunReason reason, const std::string& detail)
{
  const auto started = m_world.now();
  record::AuditRecord event;
  event.argv = m_config.command;
  event.command = "guard cleanup";
  if (const auto blocked = m_world.blocked_reason(); !blocked.empty()) {
    m_state.last_skip_ms = to_epoch_ms(started);
    m_state.last_skip_reason = blocked;
    ++m_state.skips;
    save();
    event.event = "cleanup_skipped";
    event.message = std::string(reason_name(reason)) + " pass skipped: " + blocked;
    m_world.audit(event);
    m_retry_after = started + m_config.check_interval;
    return PassOutcome::skipped;
  }
  const auto result = m_world.run_pass();
  PassOutcome outcome = PassOutcome::ok;
  if (result.interrupted) {
    outcome = PassOutcome::interrupted;
  } else if (result.exit_status != 0) {
    outcome = PassOutcome::failed;
  }
  m_retry_after.reset();
  m_state.last_run_ms = to_epoch_ms(started);
  m_state.last_reason = std::string(reason_name(reason));
  m_state.last_result = std::string(outcome_name(outcome));
  m_state.last_exit = result.exit_status;
  m_state.last_removed = result.removed;
  m_state.last_reclaimed_bytes = result.reclaimed_bytes;
  m_state.last_duration_ms = result.duration_ms;
  m_state.last_detail =
    detail.empty() ? result.problem : (result.problem.empty() ? detail : detail + "; " + result.problem);
  ++m_state.runs;
  m_state.total_removed += result.removed;
  m_state.total_reclaimed_bytes += result.reclaimed_bytes;
  save();

  event.event = outcome == PassOutcome::interrupted ? "cleanup_interrupted" : "cleanup_run";
  event.exit_code = result.exit_status;
  event.duration_ms = result.duration_ms;
  event.message = std::string(reason_name(reason)) + " pass " + std::string(outcome_name(outcome)) + ": "
                  + std::to_string(result.removed) + " removed, " + std::to_string(result.reclaimed_bytes)
                  + " bytes reclaimed" + (m_state.last_detail.empty() ? "" : " (" + m_state.last_detail + ")");
  m_world.audit(event);
  if (!result.problem.empty()) {
    m_world.warn("cleanup pass: " + result.problem);
  }
  return outcome;
}

PassOutcome
Scheduler::run_once()
{
  return pass(RunReason::once, "");
}

void
Scheduler::serve()
{
  const auto& schedule = m_config.schedule;
  const auto& limits = m_config.thresholds;
  // The first threshold check is at start-up: a full disk should not wait for a first interval.
  std::optional<TimePoint> last_check;
  while (!m_world.stop_requested()) {
    const auto now = m_world.now();
    const auto last_run = m_state.last_run_ms != 0 ? std::optional(from_epoch_ms(m_state.last_run_ms)) : std::nullopt;
    auto next_run = schedule.next_run(now, last_run);
    if (m_retry_after && next_run < *m_retry_after) {
      next_run = schedule.next_business_start(*m_retry_after);
    }
    if (to_epoch_ms(next_run) != m_state.next_run_ms) {
      m_state.next_run_ms = to_epoch_ms(next_run);
      save();
    }
    const auto next_check = !limits.any() ? TimePoint::max() : last_check ? *last_check + m_config.check_interval : now;

    if (next_run <= now) {
      pass(RunReason::schedule, "");
      continue;
    }
    if (next_check <= now) {
      last_check = now;
      m_state.last_check_ms = to_epoch_ms(now);
      // An open breaker means a daemon in trouble: do not add calls to it just to measure.
      if (!m_world.blocked_reason().empty()) {
        continue;
      }
      const auto measured = m_world.measure(limits);
      if (!measured) {
        continue;
      }
      if (const auto verdict = check_thresholds(limits, *measured); verdict.above()) {
        pass(RunReason::threshold, join(verdict.exceeded));
      }
      continue;
    }
    if (!m_world.wait_until(std::min(next_run, next_check))) {
      break;
    }
  }
  record::AuditRecord stop;
  stop.event = "scheduler_stop";
  stop.message = "stopped by a signal";
  m_world.audit(stop);
}

} // namespace sd::housekeeping
