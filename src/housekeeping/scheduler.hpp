#pragma once

#include "config/settings.hpp"
#include "housekeeping/schedule.hpp"
#include "housekeeping/scheduler_state.hpp"
#include "housekeeping/thresholds.hpp"
#include "policy/rule.hpp"
#include "record/audit_record.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The cleanup scheduler (`safedocker guard scheduler`): runs the cleanup pass every
// cleanup.interval inside business hours, and out of schedule when a threshold is exceeded
// (checked every cleanup.check_interval). The pass is a child process (by default
// `safedocker guard cleanup --json`). The loop is written against SchedulerWorld, so what it
// decides is separate from how it sleeps, measures, runs and records.

namespace sd::housekeeping {

/// Why a pass ran.
enum class RunReason : std::uint8_t { schedule, threshold, once };

/// "schedule", "threshold", "once".
std::string_view reason_name(RunReason reason);

/// The cleanup.* settings, checked.
struct SchedulerConfig
{
  Schedule schedule{BusinessHours{}, std::chrono::hours(2)};
  std::chrono::seconds check_interval{300};
  Thresholds thresholds;
  std::string program;              ///< the cleanup pass's executable
  std::vector<std::string> command; ///< its argv, argv[0] first
};

/// Reads the cleanup.* settings. An empty cleanup.command runs `self` (this safedocker's own
/// path, run::own_path()) as `safedocker guard cleanup --json`; otherwise the command is split
/// into words like a shell would (quotes, no expansion) and a program name without a slash is
/// looked up in PATH. Throws sd::Fatal (exit_code::k_bad_rules) with one line naming the setting's
/// origin (FILE:LINE, or its environment variable) and the fix.
SchedulerConfig scheduler_config(const config::Settings& settings, const std::string& self);

/// The outcome of one cleanup pass.
struct PassResult
{
  int exit_status = 0;      ///< the command's exit status (128+N for signal N), -1 not started
  bool interrupted = false; ///< we were told to stop while it ran and passed TERM on
  std::int64_t removed = 0;
  std::int64_t reclaimed_bytes = 0;
  double duration_ms = 0;
  std::string problem; ///< e.g. its output was not the expected JSON
};

/// What a pass ended as.
enum class PassOutcome : std::uint8_t { ok, failed, interrupted, skipped };

/// What the scheduler does to the world: time, sleeping, the breaker, measuring, running the
/// pass, recording. The real one is make_system_world; tests pass fakes.
class SchedulerWorld
{
public:
  virtual ~SchedulerWorld() = default;
  virtual TimePoint now() = 0;
  /// Sleeps until `due` or until told to stop; false when told to stop.
  virtual bool wait_until(TimePoint due) = 0;
  /// Whether a stop was requested (SIGTERM, SIGINT, SIGHUP).
  virtual bool stop_requested() = 0;
  /// Why no docker work may start now ("circuit breaker open since …"), or empty.
  virtual std::string blocked_reason() = 0;
  /// Measures what `limits` needs; nullopt when measuring failed or a stop came.
  virtual std::optional<Measurements> measure(const Thresholds& limits) = 0;
  /// Runs the cleanup pass and waits for it (passing a stop on to it).
  virtual PassResult run_pass() = 0;
  /// Appends an event to the audit log.
  virtual void audit(const record::AuditRecord& event) = 0;
  /// Reports a problem on stderr.
  virtual void warn(const std::string& message) = 0;
};

/// The scheduler's decisions over the persisted state.
class Scheduler
{
public:
  Scheduler(SchedulerConfig config, SchedulerWorld& world, std::string state_path);

  /// One pass now, whatever the schedule (`--once`). The state and the audit log record it.
  PassOutcome run_once();

  /// Serves until told to stop; a pass under way is stopped cleanly and recorded first.
  void serve();

  const SchedulerState& state() const { return m_state; }

private:
  PassOutcome pass(RunReason reason, const std::string& detail);
  void save();

  SchedulerConfig m_config;
  SchedulerWorld& m_world;
  std::string m_state_path;
  SchedulerState m_state;
  std::optional<TimePoint> m_retry_after; ///< a skipped scheduled pass is retried no sooner
};

/// The real world: the system clock; sleeps in one poll() on a signalfd and an absolute
/// CLOCK_REALTIME timerfd (woken early when the clock is set); the current daemon's circuit
/// breaker; docker info and docker system df as admitted calls (housekeeping/admitted_docker.hpp); the
/// pass as a child process that gets SIGTERM when we are told to stop; the audit log.
/// SIGTERM, SIGINT, SIGHUP and SIGCHLD are blocked while it exists (read from the signalfd).
std::unique_ptr<SchedulerWorld> make_system_world(const policy::RuleSet& rules, const SchedulerConfig& config);

/// The exit status of `guard scheduler --once` for an outcome: 0 ok or interrupted, 1 failed,
/// exit_code::k_breaker_open skipped.
int once_exit_status(PassOutcome outcome);

/// "ok", "failed", "interrupted", "skipped".
std::string_view outcome_name(PassOutcome outcome);

} // namespace sd::housekeeping
