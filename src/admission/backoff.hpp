#pragma once

#include "admission/clock.hpp"

#include <chrono>

// Retries with exponential backoff and full jitter: the delay before retry number `attempt`
// (1 for the first retry) is uniform in [0, min(cap, base · 2^(attempt-1))).

namespace sd::admission {

/// How a failed call is retried.
struct RetryPolicy
{
  int max_attempts = 3;                  ///< total tries, the first included; 1 = no retry
  std::chrono::milliseconds base{500};   ///< ceiling of the first retry's delay
  std::chrono::milliseconds cap{30'000}; ///< no delay exceeds this
};

/// The ceiling of the delay before retry `attempt` (1-based): min(cap, base · 2^(attempt-1)),
/// computed without overflow for any attempt; 0 for attempt < 1 or a non-positive base or cap.
std::chrono::milliseconds backoff_ceiling(const RetryPolicy& policy, int attempt);

/// The delay before retry `attempt`: random.uniform() · backoff_ceiling, rounded down.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, Random& random);

/// Whether another try is allowed after `tries_done` tries.
bool may_retry(const RetryPolicy& policy, int tries_done);

} // namespace sd::admission
