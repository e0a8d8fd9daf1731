#pragma once

#include "coordination/redis_connection.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// The service that keeps a fleet's state (coordination.backend): what the fleet's slots,
// leases, rate limit and breaker (fleet.hpp, fleet_breaker.hpp) need of it, each operation
// atomic on the service and timed by the service's clock, never a host's. Redis is the one
// there is (redis_fleet.cpp: Lua scripts); another service with leases and an atomic
// compare-and-set (etcd) would implement the same. Every operation throws CoordinationError
// when the service cannot be used.

namespace sd::coordination {

/// Which daemon, which host, and the server.
struct Fleet
{
  RedisTarget target;
  std::string daemon;  ///< the daemon's name in the fleet (coordination.daemon, else its key)
  std::string host_id; ///< coordination.host_id, else the host name
  std::chrono::milliseconds lease{15000};
};

class FleetBackend
{
public:
  virtual ~FleetBackend() = default;

  virtual const Fleet& fleet() const = 0;
  /// The round trip of the last operation.
  virtual std::chrono::microseconds latency() const = 0;

  /// One look at the queue (fleet.hpp's acquire): a holder or waiter whose lease ended is
  /// dropped first; the caller gets a slot when one is free and it heads the queue (or nobody
  /// queues), else it queues (once) and its place is renewed.
  struct Look
  {
    bool granted = false;
    std::uint64_t ticket = 0; ///< 0: granted without queueing
    int ahead = 0;            ///< waiters ahead, when not granted
    std::int64_t now_ms = 0;  ///< the service's time
  };
  virtual Look look(const std::string& token, int slots, const std::string& record) = 0;
  /// Sleeps until the caller may have a turn (a release woke it) or `at_most` passed.
  virtual void wait_for_turn(const std::string& token, std::chrono::milliseconds at_most) = 0;
  /// Renews a holder's lease, registering it again (with `record`) when the service lost it.
  virtual void renew(const std::string& token, const std::string& record) = 0;
  /// Frees a holder's slot or a waiter's place, and wakes the head of the queue.
  virtual void release(const std::string& token, int slots) = 0;
  /// The holders' and the waiters' records (queue order), leases that ended dropped.
  virtual std::pair<std::vector<std::string>, std::vector<std::string>> members() = 0;

  /// Reserves the next start at least `interval` after the previous one; returns the wait.
  virtual std::chrono::milliseconds reserve_turn(std::chrono::milliseconds interval) = 0;

  /// The breaker's state for `host` and the fleet, noting the host as active; "probe" goes to
  /// one caller only (fleet_breaker.hpp).
  struct BreakerLook
  {
    std::string verdict; ///< closed, open or probe
    bool fleet = false;  ///< the verdict is the fleet's, not the host's own
    std::int64_t opened_ms = 0;
    std::int64_t next_probe_ms = 0;
    std::string reason;
    int host_failures = 0;
  };
  struct BreakerRule
  {
    int failure_threshold = 3;
    std::chrono::milliseconds open{900000};
    std::chrono::milliseconds probe_timeout{120000};
    std::chrono::milliseconds window{60000};
  };
  virtual BreakerLook breaker_gate(const BreakerRule& rule) = 0;
  /// Records a success or a daemon failure of this host; returns its failures in a row and
  /// the events: host_open, host_close, fleet_open, fleet_close.
  virtual std::pair<int, std::vector<std::string>> breaker_report(bool success, const std::string& reason,
                                                                  const BreakerRule& rule) = 0;
  /// The fleet's breaker and this host's, changing nothing: {fleet, host}, each with
  /// next_probe_ms 0 when closed.
  virtual std::pair<BreakerLook, BreakerLook> breaker_view() = 0;
  /// Closes the fleet's breaker and every host's.
  virtual void breaker_reset() = 0;
};

/// Connects to the fleet's service (Redis). Throws CoordinationError.
std::shared_ptr<FleetBackend> connect_fleet_backend(Fleet fleet);

} // namespace sd::coordination
