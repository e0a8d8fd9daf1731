#pragma once

#include "housekeeping/wake_source.hpp"

#include <functional>
#include <string>
#include <vector>

// The scheduler's children (a cleanup pass, a measurement) run to their end while its stop
// signals are watched: the platform's half of the scheduler's world (scheduler_world.cpp).

namespace sd::housekeeping {

struct ChildRun
{
  int status = -1;          ///< exit status, 128+N for signal N, -1 (errno set) not started
  std::string output;       ///< its stdout (the first 16 MB)
  bool interrupted = false; ///< it was told to stop (SIGTERM)
};

/// Runs `program` with `argv` (stdin /dev/null, stdout collected, stderr ours), sleeping on its
/// output and `wake`'s signals. `stop_now` is asked after the start and whenever signals arrive;
/// once it says true, the child gets SIGTERM, once, and is still waited for, so it can finish
/// cleanly and nothing is left half-done behind the caller's back.
ChildRun run_watched_child(const std::string& program, const std::vector<std::string>& argv, WakeSource& wake,
                           const std::function<bool()>& stop_now);

} // namespace sd::housekeeping
