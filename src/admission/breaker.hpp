#pragma once

#include "admission/breaker_record.hpp"
#include "admission/clock.hpp"
#include "admission/state_dir.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// A circuit breaker shared by every safedocker process on the machine, in the file `breaker` of
// a StateDir (format: breaker_record.hpp).
//
//   closed ──(failure_threshold consecutive daemon failures)──▶ open
//   open ──(open_for elapsed; exactly one process becomes the prober)──▶ half_open
//   half_open ──(prober success)──▶ closed      half_open ──(prober failure)──▶ open (again)
//   any ──(reset by hand)──▶ closed
//
// Only one process probes: the prober's pid and a probe deadline are recorded; the others fail
// fast until the prober reports, dies (its pid is gone) or its deadline passes, and then the
// next caller becomes the prober.
//
// Atomicity: every read-modify-write runs under an exclusive flock on the state file itself
// (readers take a shared one), held for microseconds and never while docker runs. The record is
// rewritten in place as one fixed-size pwrite (state_dir.hpp), which a killed process cannot
// tear; no temp file and rename, because rename over another user's file fails in a sticky
// shared directory. A file that still does not parse (truncated by hand, power loss, a future
// format) is reset to closed and the result says so (StateFile::reset_corrupt).

namespace sd::admission {

/// The breaker's settings.
struct BreakerConfig
{
  int failure_threshold = 3;               ///< consecutive daemon failures that open it
  std::chrono::seconds open_for{900};      ///< how long it stays open before a probe
  std::chrono::seconds probe_timeout{120}; ///< a prober silent this long is replaced
};

/// Whether the state file was usable.
enum class StateFile : std::uint8_t {
  ok,
  reset_corrupt, ///< it did not parse: taken (and, on a write, rewritten) as closed
};

/// The breaker as a caller sees it.
struct BreakerStatus
{
  BreakerState state = BreakerState::closed;
  int consecutive_failures = 0;
  std::optional<std::chrono::system_clock::time_point> opened_at;
  std::string last_reason;
  std::optional<std::chrono::system_clock::time_point> next_probe_at;  ///< open: when a probe may start
  std::int64_t prober_pid = 0;                                         ///< half_open
  std::optional<std::chrono::system_clock::time_point> probe_deadline; ///< half_open
  std::string reset_by;
  std::optional<std::chrono::system_clock::time_point> reset_at;
  StateFile file = StateFile::ok;
};

/// What before_call decided.
enum class GateVerdict : std::uint8_t {
  allow,     ///< closed: run the call
  fail_fast, ///< open, or another process is probing: do not run it
  probe,     ///< this process is the one prober: run the call (or a ping) and report
};

/// The verdict with the status it was based on.
struct BreakerGate
{
  GateVerdict verdict = GateVerdict::allow;
  BreakerStatus status;
};

/// A transition, for the audit log: `before` and `after` differ when the state changed.
struct BreakerChange
{
  BreakerState before = BreakerState::closed;
  BreakerState after = BreakerState::closed;
  int consecutive_failures = 0;
  StateFile file = StateFile::ok;

  /// Whether this call opened the breaker (from closed or half_open).
  bool opened() const { return before != BreakerState::open && after == BreakerState::open; }
  /// Whether this call closed it.
  bool closed() const { return before != BreakerState::closed && after == BreakerState::closed; }
};

/// The calling process's id.
std::int64_t current_pid();

/// One process's view of the shared breaker. Holds no lock between calls.
class Breaker
{
public:
  /// `dir` must outlive the Breaker. `self_pid` identifies this process as a prober (tests
  /// pass others).
  Breaker(const StateDir& dir, BreakerConfig config, Clock& clock, std::int64_t self_pid = current_pid());

  /// Decides whether a call may run. Closed: allow (a lock-free read). Open before its time,
  /// or half_open with a live prober before its deadline: fail_fast. Otherwise this process
  /// becomes the prober (recorded under the lock, so only one process gets probe).
  BreakerGate before_call();

  /// The daemon answered (a user error such as "No such container" counts): closes the
  /// breaker and zeroes the count. Writes nothing when it was already closed with no failures.
  BreakerChange record_success();

  /// The daemon could not be reached: counts a consecutive failure; opens the breaker at the
  /// threshold, or again (new opened_at) when it was half_open.
  BreakerChange record_daemon_failure(std::string_view reason);

  /// Closes the breaker by hand, recording who did it.
  BreakerChange reset(std::string_view by);

  /// The current state (no write, even of a corrupt file).
  BreakerStatus status() const;

private:
  BreakerStatus to_status(const BreakerRecord& record, StateFile file) const;

  const StateDir& m_dir;
  BreakerConfig m_config;
  Clock& m_clock;
  std::int64_t m_self_pid;
};

} // namespace sd::admission
