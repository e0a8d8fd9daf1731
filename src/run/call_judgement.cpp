#include "run/call_judgement.hpp"

#include "util/bad_enum.hpp"

#include "admission/backoff.hpp"
#include "admission/transient.hpp"

namespace sd::run {

namespace {

bool
says_unreachable(const AttemptFacts& facts)
{
  return facts.stderr_text && admission::is_daemon_unreachable(*facts.stderr_text);
}

bool
probe_found_none(const std::optional<admission::ProbeResult>& probe)
{
  return probe
         && (probe->status == admission::ProbeStatus::unreachable || probe->status == admission::ProbeStatus::timeout);
}

} // namespace

std::string_view
failure_kind_name(FailureKind kind)
{
  switch (kind) {
  case FailureKind::none:
    return "none";
  case FailureKind::stopped:
    return "stopped";
  case FailureKind::user:
    return "user";
  case FailureKind::transient:
    return "transient";
  case FailureKind::daemon_down:
    return "daemon down";
  }
  util::bad_enum("FailureKind", static_cast<long long>(kind));
}

bool
needs_probe(const AttemptFacts& facts)
{
  return facts.daemon_bound && !facts.stopped && facts.status != 0 && !says_unreachable(facts);
}

Judgement
judge(const AttemptFacts& facts, const std::optional<admission::ProbeResult>& probe, const JudgeContext& context)
{
  Judgement out;
  if (facts.stopped) {
    out.kind = FailureKind::stopped;
    return out;
  }
  if (facts.status == 0 || !facts.daemon_bound) {
    out.feedback = context.breaker_dirty && facts.daemon_bound ? BreakerFeedback::success : BreakerFeedback::none;
    out.reason = "a call succeeded";
    return out;
  }
  if (says_unreachable(facts)) {
    out.kind = FailureKind::daemon_down;
    out.reason = "docker could not reach the daemon";
  } else if (probe_found_none(probe)) {
    out.kind = FailureKind::daemon_down;
    out.reason = "daemon " + std::string(admission::probe_status_name(probe->status)) + ": " + probe->message;
  } else if (facts.stderr_text && context.transient_patterns != nullptr
             && admission::matches_transient_pattern(*facts.stderr_text, *context.transient_patterns)) {
    out.kind = FailureKind::transient;
    out.reason = "a transient error";
  } else {
    out.kind = FailureKind::user;
    out.reason = "the daemon answered";
  }
  if (out.kind == FailureKind::daemon_down) {
    out.feedback = BreakerFeedback::failure;
  } else if (context.breaker_dirty) {
    out.feedback = BreakerFeedback::success; // the daemon answered: that too closes a half-open breaker
  }
  const admission::RetryPolicy policy{context.max_attempts, {}, {}};
  out.retry = (out.kind == FailureKind::daemon_down || out.kind == FailureKind::transient) && context.retryable
              && admission::may_retry(policy, context.attempt);
  return out;
}

} // namespace sd::run
