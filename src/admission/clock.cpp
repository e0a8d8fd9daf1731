#include "admission/clock.hpp"

#include <thread>

namespace sd::admission {

std::chrono::system_clock::time_point
SystemClock::now() const
{
  return std::chrono::system_clock::now();
}

std::chrono::steady_clock::time_point
SystemClock::steady() const
{
  return std::chrono::steady_clock::now();
}

void
SystemClock::sleep_for(std::chrono::milliseconds duration)
{
  if (duration.count() > 0) {
    std::this_thread::sleep_for(duration);
  }
}

SystemRandom::SystemRandom()
  : m_engine(std::random_device{}())
{}

double
SystemRandom::uniform()
{
  // generate_canonical can return exactly 1.0 with some libstdc++ versions (LWG 2524).
  const double value = std::generate_canonical<double, 53>(m_engine);
  return value < 1.0 ? value : 0.0;
}

std::int64_t
to_epoch_ms(std::chrono::system_clock::time_point time)
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::chrono::system_clock::time_point
from_epoch_ms(std::int64_t ms)
{
  return std::chrono::system_clock::time_point(
    std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::milliseconds(ms)));
}

} // namespace sd::admission
