#pragma once

#include "coordination/fleet_backend.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// One daemon's slots shared by every host of a fleet (coordination.backend = redis): a fair
// semaphore whose holders and waiters hold leases that their processes renew, kept by the
// fleet's service (fleet_backend.hpp). This is the caller's side: queueing in ticket order,
// waiting to be woken with a heartbeat, renewing a held slot on a thread of its own while
// docker runs, and releasing it; and the rate limit's turn and the view for guard health.

namespace sd::coordination {

/// A holder or waiter as the fleet shows it.
struct FleetMember
{
  std::string host;
  std::int64_t pid = 0;
  std::string command;
  std::optional<std::chrono::system_clock::time_point> since;
};

/// A slot of the fleet, held. Its lease is renewed every third of coordination.lease_ms on a
/// thread of its own (signals blocked there) until release() or destruction; a renewal that
/// finds the service restarted registers the holder again.
class FleetLease
{
public:
  FleetLease();
  FleetLease(std::shared_ptr<FleetBackend> backend, std::string token, std::string record, int slots);
  ~FleetLease();
  FleetLease(FleetLease&& other) noexcept;
  FleetLease& operator=(FleetLease&& other) noexcept;
  FleetLease(const FleetLease&) = delete;
  FleetLease& operator=(const FleetLease&) = delete;

  bool held() const { return m_state != nullptr; }
  /// Frees the slot now (the next waiter is woken). A failure is ignored: the lease ends.
  void release();

private:
  struct State;
  std::unique_ptr<State> m_state;
};

struct FleetRequest
{
  int slots = 1;
  std::chrono::milliseconds timeout{0};
  std::string command; ///< shown to every host while queued or held: pass it redacted
  std::int64_t pid = 0;
  /// Told after each look while queued: the time waited and the waiters ahead. Must not throw.
  std::function<void(std::chrono::milliseconds waited, int ahead)> progress;
};

struct FleetWait
{
  FleetLease lease;         ///< held() unless the wait timed out
  std::uint64_t ticket = 0; ///< 0: granted without queueing
  std::chrono::milliseconds waited{0};
  std::vector<FleetMember> holders; ///< on timeout: who holds the slots
  int waiters_ahead = 0;
};

/// Takes a slot of the fleet in ticket order, waiting up to `request.timeout`. Throws
/// CoordinationError when the service fails (the caller's place then ends with its lease).
FleetWait acquire_fleet_slot(const std::shared_ptr<FleetBackend>& backend, const FleetRequest& request);

/// Reserves this call's start at least `interval` after the fleet's previous one; returns how
/// long to wait. Throws CoordinationError.
std::chrono::milliseconds reserve_fleet_turn(FleetBackend& backend, std::chrono::milliseconds interval);

/// The fleet's holders and waiters (queue order) for a view. Throws CoordinationError.
struct FleetView
{
  std::vector<FleetMember> holders;
  std::vector<FleetMember> waiters;
};
FleetView view_fleet(FleetBackend& backend);

} // namespace sd::coordination
