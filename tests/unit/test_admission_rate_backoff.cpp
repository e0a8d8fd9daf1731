#include "admission/backoff.hpp"
#include "admission/rate_limit.hpp"
#include "test_admission_support.hpp"

#include <doctest/doctest.h>

#include <climits>
#include <fstream>
#include <sys/stat.h>

using namespace sd::admission;
using namespace sd::admission::testing;
using namespace std::chrono_literals;

TEST_CASE("rate limit: starts are spaced by the interval across callers")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  CHECK(wait_turn(dir, 500ms, clock) == 0ms); // first start: no wait
  CHECK(wait_turn(dir, 500ms, clock) == 500ms);
  CHECK(clock.slept().back() == 500ms);
  clock.advance(200ms);
  CHECK(wait_turn(dir, 500ms, clock) == 300ms); // 500 after the previous start, not after now
  clock.advance(10s);
  CHECK(wait_turn(dir, 500ms, clock) == 0ms);
}

TEST_CASE("rate limit: callers arriving together get successive turns (the lock is not held while sleeping)")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  clock.set_sleep_advances(false); // five processes reserving at the same instant
  std::vector<std::chrono::milliseconds> waits;
  for (int k = 0; k < 5; ++k) {
    waits.push_back(wait_turn(dir, 100ms, clock));
  }
  CHECK(waits == std::vector<std::chrono::milliseconds>{0ms, 100ms, 200ms, 300ms, 400ms});
}

TEST_CASE("rate limit: off at 0, and a garbage or far-future record does not stall")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  CHECK(wait_turn(dir, 0ms, clock) == 0ms);
  struct stat info = {};
  CHECK(::stat((temp / "rate").c_str(), &info) != 0); // off touches nothing

  std::ofstream(temp / "rate") << "garbage";
  CHECK(wait_turn(dir, 1s, clock) == 0ms);
  std::ofstream(temp / "rate", std::ios::trunc)
    << "safedocker-rate v1 " << to_epoch_ms(clock.now() + std::chrono::hours(5)) << "\n";
  CHECK(wait_turn(dir, 1s, clock) == 0ms); // the wall clock stepped back: ignored
  CHECK(wait_turn(dir, 1s, clock) == 1s);  // and the new record counts
}

TEST_CASE("backoff: full jitter under an exponential ceiling with a cap")
{
  const RetryPolicy policy{5, 100ms, 1000ms};
  CHECK(backoff_ceiling(policy, 1) == 100ms);
  CHECK(backoff_ceiling(policy, 2) == 200ms);
  CHECK(backoff_ceiling(policy, 3) == 400ms);
  CHECK(backoff_ceiling(policy, 4) == 800ms);
  CHECK(backoff_ceiling(policy, 5) == 1000ms); // capped
  CHECK(backoff_ceiling(policy, 0) == 0ms);

  FakeRandom zero({0.0});
  FakeRandom half({0.5});
  FakeRandom almost({0.999999});
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const auto ceiling = backoff_ceiling(policy, attempt);
    CHECK(backoff_delay(policy, attempt, zero) == 0ms);
    CHECK(backoff_delay(policy, attempt, half) == ceiling / 2);
    const auto top = backoff_delay(policy, attempt, almost);
    CHECK(top < ceiling);
    CHECK(top >= ceiling - 1ms);
  }
}

TEST_CASE("backoff: no overflow for huge attempts, bases or caps")
{
  const RetryPolicy policy{3, 250ms, 30s};
  for (const int attempt : {30, 63, 64, 65, 1000, INT_MAX}) {
    CHECK(backoff_ceiling(policy, attempt) == 30s);
  }
  const RetryPolicy huge{3, std::chrono::milliseconds(INT64_MAX / 2 + 1), std::chrono::milliseconds(INT64_MAX)};
  CHECK(backoff_ceiling(huge, 2) == std::chrono::milliseconds(INT64_MAX));
  CHECK(backoff_ceiling(huge, INT_MAX) == std::chrono::milliseconds(INT64_MAX));
  FakeRandom half({0.5});
  CHECK(backoff_delay(huge, INT_MAX, half).count() > 0);
  CHECK(backoff_ceiling({3, 0ms, 1s}, 3) == 0ms);
  CHECK(backoff_ceiling({3, 1s, -1ms}, 3) == 0ms);
}

TEST_CASE("backoff: tries are bounded by max_attempts; the real random stays in [0, 1)")
{
  const RetryPolicy policy{3, 100ms, 1s};
  CHECK(may_retry(policy, 1));
  CHECK(may_retry(policy, 2));
  CHECK_FALSE(may_retry(policy, 3));
  CHECK_FALSE(may_retry({1, 100ms, 1s}, 1));
  SystemRandom random;
  for (int k = 0; k < 1000; ++k) {
    const double value = random.uniform();
    CHECK(value >= 0.0);
    CHECK(value < 1.0);
  }
}
