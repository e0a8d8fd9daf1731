#pragma once

#include "admission/health_probe.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// How an admitted call's attempt is judged: a pure function of what docker did, what its
// stderr said and, when that is not enough, what the daemon's /_ping answered. It says whose
// failure it was, whether to try again and what the daemon's breaker learns.

namespace sd::run {

/// What one attempt did.
struct AttemptFacts
{
  int status = 0;                              ///< docker's exit status (128+N for signal N)
  bool stopped = false;                        ///< the user stopped it (a signal forwarded, or killed)
  std::optional<std::string_view> stderr_text; ///< docker's stderr, when it was captured
  bool daemon_bound = true;                    ///< the call needs the daemon (not a client-only call)
};

/// What the attempt's context allows.
struct JudgeContext
{
  bool retryable = false;     ///< the call only reads, pulls or pushes
  int attempt = 1;            ///< this attempt's number, from 1
  int max_attempts = 1;       ///< retry.max_attempts
  bool breaker_dirty = false; ///< the breaker had failures on record or was not closed
  const std::vector<std::string>* transient_patterns = nullptr; ///< retry.patterns
};

/// Whose failure it was.
enum class FailureKind : std::uint8_t {
  none,        ///< it succeeded, or needs no daemon
  stopped,     ///< the user stopped it: neither judged nor retried
  user,        ///< the daemon answered (No such container, a container's exit code)
  transient,   ///< a known transient error (retry.patterns), the daemon answered
  daemon_down, ///< docker could not reach the daemon, or the probe found none
};

/// What the daemon's breaker learns.
enum class BreakerFeedback : std::uint8_t {
  none,    ///< nothing to write
  success, ///< the daemon answered: closes a breaker with failures on record
  failure, ///< one more consecutive daemon failure
};

/// The judgement.
struct Judgement
{
  FailureKind kind = FailureKind::none;
  BreakerFeedback feedback = BreakerFeedback::none;
  bool retry = false;
  std::string reason; ///< for messages and the audit log: "docker could not reach the daemon", …
};

/// "none", "stopped", "user", "transient", "daemon down".
std::string_view failure_kind_name(FailureKind kind);

/// Whether judging `facts` needs the daemon's /_ping: a failed daemon call whose stderr does
/// not already say the daemon is unreachable.
bool needs_probe(const AttemptFacts& facts);

/// Judges an attempt. `probe` is the daemon's answer when needs_probe() asked for one and the
/// endpoint can be probed, else nullopt.
Judgement judge(const AttemptFacts& facts, const std::optional<admission::ProbeResult>& probe,
                const JudgeContext& context);

} // namespace sd::run
