#pragma once

#include "admission/breaker.hpp"
#include "coordination/fleet.hpp"

#include <chrono>
#include <memory>
#include <string_view>

// The circuit breaker of a fleet (coordination.backend = redis), kept in Redis beside its slots.
// Each host keeps its own, as on one machine: breaker.failure_threshold failures in a row open
// it, one of the host's calls probes when breaker.open_seconds have passed. The fleet's opens
// only when the failures within k_fleet_failure_window come from at least two hosts (from every
// active host when fewer are active), so one host's broken network never stops the fleet;
// while it is open every host fails fast, and exactly one host of the fleet probes. The same
// verbs as admission::Breaker, so the call's steps use either.

namespace sd::coordination {

/// Failures older than this do not count towards opening the fleet's breaker, and hosts that
/// made no call for this long are not active.
constexpr std::chrono::seconds k_fleet_failure_window{60};

class FleetBreaker
{
public:
  FleetBreaker(std::shared_ptr<FleetBackend> backend, admission::BreakerConfig config);

  /// As admission::Breaker::before_call, for this host and the fleet. Throws CoordinationError.
  admission::BreakerGate before_call();
  /// As admission::Breaker::record_success. Throws CoordinationError.
  admission::BreakerChange record_success();
  /// As admission::Breaker::record_daemon_failure. Throws CoordinationError.
  admission::BreakerChange record_daemon_failure(std::string_view reason);
  /// The fleet's state and this host's, changing nothing (for guard health). Throws
  /// CoordinationError.
  struct View
  {
    admission::BreakerStatus fleet; ///< the fleet's own: open or closed
    admission::BreakerStatus host;  ///< this host's
  };
  View view();
  /// Closes the fleet's breaker and every host's (guard reset). Returns whether one was open.
  /// Throws CoordinationError.
  bool reset();
  /// The state as the last gate saw it.
  admission::BreakerStatus status() const { return m_status; }
  /// Whether the last change opened or closed the fleet's breaker (not only this host's).
  bool fleet_wide() const { return m_fleet_wide; }

private:
  FleetBackend::BreakerRule rule() const;
  admission::BreakerChange report(bool success, std::string_view reason);

  std::shared_ptr<FleetBackend> m_backend;
  admission::BreakerConfig m_config;
  admission::BreakerStatus m_status;
  bool m_fleet_wide = false;
};

} // namespace sd::coordination
