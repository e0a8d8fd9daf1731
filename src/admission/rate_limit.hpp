#pragma once

#include "admission/clock.hpp"
#include "admission/state_dir.hpp"

#include <chrono>

// A minimum interval between the starts of docker calls, across every process on the machine.
// The file `rate` in the StateDir holds the latest reserved start time (ms since the epoch).
// Under an exclusive flock a caller reserves max(now, last + interval), writes it and unlocks;
// then it sleeps until its reserved time. The lock is never held while sleeping, so callers that
// arrive together get successive reservations (in flock order) and a caller killed while
// sleeping leaks nothing but its reservation.

namespace sd::admission {

/// A reservation further ahead than this is taken as a wall clock stepped back (or garbage),
/// and ignored.
constexpr std::chrono::hours k_rate_max_backlog{1};

/// Waits for this call's turn: at least `interval` after the previous reserved start. Returns
/// how long it waited (0 when it did not). `interval` of 0 (or less) turns the limit off and
/// touches no file. A missing or unreadable `rate` record counts as no previous start. Throws
/// AdmissionError when the file cannot be opened, locked or written.
std::chrono::milliseconds wait_turn(const StateDir& dir, std::chrono::milliseconds interval, Clock& clock);

/// Reserves this call's turn as wait_turn does, without sleeping: returns how long the caller
/// must wait before it starts (so it can say so first).
std::chrono::milliseconds reserve_turn(const StateDir& dir, std::chrono::milliseconds interval, const Clock& clock);

} // namespace sd::admission
