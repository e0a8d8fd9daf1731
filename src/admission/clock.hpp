#pragma once

#include <chrono>
#include <cstdint>
#include <random>

// Seams for time and chance, so rate limit, backoff and breaker are tested with fakes: no
// sleeping and no timing in unit tests.

namespace sd::admission {

/// Time as the admission primitives see it.
class Clock
{
public:
  virtual ~Clock() = default;
  /// Wall time, shared between processes (written to state files).
  virtual std::chrono::system_clock::time_point now() const = 0;
  /// Monotonic time, for deadlines within one process.
  virtual std::chrono::steady_clock::time_point steady() const = 0;
  /// Blocks for `duration` (a fake advances its own time instead).
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

/// The real clocks and std::this_thread::sleep_for.
class SystemClock final : public Clock
{
public:
  std::chrono::system_clock::time_point now() const override;
  std::chrono::steady_clock::time_point steady() const override;
  void sleep_for(std::chrono::milliseconds duration) override;
};

/// A source of uniform doubles.
class Random
{
public:
  virtual ~Random() = default;
  /// Uniform in [0, 1).
  virtual double uniform() = 0;
};

/// A Mersenne twister seeded once from std::random_device.
class SystemRandom final : public Random
{
public:
  SystemRandom();
  double uniform() override;

private:
  std::mt19937_64 m_engine;
};

/// Milliseconds since the Unix epoch: the unit of every time written to a state file.
std::int64_t to_epoch_ms(std::chrono::system_clock::time_point time);

/// The inverse of to_epoch_ms.
std::chrono::system_clock::time_point from_epoch_ms(std::int64_t ms);

} // namespace sd::admission
