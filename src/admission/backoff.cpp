#include "admission/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace sd::admission {

std::chrono::milliseconds
backoff_ceiling(const RetryPolicy& policy, int attempt)
{
  using std::chrono::milliseconds;
  if (attempt < 1 || policy.base.count() <= 0 || policy.cap.count() <= 0) {
    return milliseconds(0);
  }
  // Double until the cap is reached: at most 63 steps, never an overflowing shift.
  std::int64_t ceiling = policy.base.count();
  for (int k = 1; k < attempt && ceiling < policy.cap.count(); ++k) {
    ceiling = ceiling > policy.cap.count() / 2 ? policy.cap.count() : ceiling * 2;
  }
  return milliseconds(std::min<std::int64_t>(ceiling, policy.cap.count()));
}

std::chrono::milliseconds
backoff_delay(const RetryPolicy& policy, int attempt, Random& random)
{
  const double fraction = std::clamp(random.uniform(), 0.0, 1.0);
  const auto ceiling = backoff_ceiling(policy, attempt);
  const double delay = std::floor(fraction * static_cast<double>(ceiling.count()));
  // A ceiling near INT64_MAX rounds up as a double: never convert a value out of range.
  if (delay >= static_cast<double>(ceiling.count())) {
    return ceiling;
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(delay));
}

bool
may_retry(const RetryPolicy& policy, int tries_done)
{
  return tries_done < policy.max_attempts;
}

} // namespace sd::admission
