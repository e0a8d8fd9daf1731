#pragma once

#include "admission/clock.hpp"
#include "admission/health_probe.hpp"
#include "grammar/command_class.hpp"
#include "record/audit_record.hpp"
#include "run/admission_settings.hpp"
#include "run/call_daemon.hpp"
#include "run/wait_notice.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

// The one admitted call: how every docker call safedocker makes (the shim's, the cleanup
// pass's, a session's teardown, the scheduler's measurements) passes admission for its daemon:
//   1. the daemon's breaker: fail fast while it is open; the one prober pings /_ping;
//   2. a slot of the daemon's semaphore, by class (limits.slot_classes), unless an ancestor
//      holds one for this daemon (a nested call);
//   3. the daemon's rate limit;
//   4. the run, judged (run/call_judgement.hpp), with the breaker told and retries for what is
//      safe to run again.
// State lives in the daemon's directory under limits.lock_dir. Bookkeeping fails open: state
// that cannot be used is reported and the call runs without it.

namespace sd::run {

/// What one run of the call's steps did.
struct AttemptResult
{
  int status = 0;                         ///< docker's exit status; -1 (errno set) when it did not start
  bool stopped = false;                   ///< the user stopped it with a signal
  std::optional<std::string> stderr_text; ///< docker's stderr, when captured
};

/// Runs the call's steps once (stopping at the first that fails).
using Runner = std::function<AttemptResult()>;

/// Pings the call's daemon; nullopt when its endpoint cannot be probed.
using Prober = std::function<std::optional<admission::ProbeResult>()>;

/// The world of a call: the real one, or fakes in tests.
struct CallWorld
{
  admission::Clock& clock;
  admission::Random& random;
  Prober prober;
  NoticeSink notices = stderr_sink(); ///< where a long wait is announced
};

/// A prober that pings `daemon`'s endpoint with probe.timeout_ms.
Prober daemon_prober(const AdmissionSettings& settings, const CallDaemon& daemon);

/// How a caller's calls differ.
struct CallOptions
{
  grammar::CommandClass klass = grammar::CommandClass::daemon;
  bool retryable = false;
  std::string slot_label;                           ///< shown to others while the slot is held: pass it redacted
  std::optional<std::chrono::seconds> slot_timeout; ///< instead of limits.acquire_timeout
};

/// Why a call did not run.
enum class Refusal : std::uint8_t { none, breaker_open, slot_timeout };

struct CallOutcome
{
  int status = 0; ///< docker's status, or exit_code::k_breaker_open / k_slot_timeout, or -1 (not started)
  Refusal refused = Refusal::none;
  std::string message;     ///< when refused: what to tell the user (lines ending in '\n')
  std::string stderr_text; ///< the last attempt's captured stderr
};

/// Runs `run_once` under admission for `daemon`, retrying as the judgement says. Fills in
/// `audit` (daemon, slot wait, retries, a refusal's message) and writes breaker and retry events
/// to `trail`. Announcements (retries, a breaker that opened) go to stderr.
CallOutcome run_admitted_call(const AdmissionSettings& settings, const CallDaemon& daemon, const CallOptions& options,
                              const Runner& run_once, CallWorld& world, record::AuditRecord& audit,
                              record::AuditTrail& trail);

} // namespace sd::run
