#pragma once

#include "coordination/redis_connection.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

// One daemon's admission shared by every host through Redis (coordination.backend = redis):
// a fair semaphore whose holders and waiters hold leases that their processes renew, and the
// rate limit's next start. The scripts are in fleet_scripts.cpp; this is the client side:
// connecting, queueing, waiting on a wake key (BLPOP) with a heartbeat, renewing a held slot
// on a thread of its own while docker runs, and releasing it.

namespace sd::coordination {

/// Which daemon, which host, and the server.
struct Fleet
{
  RedisTarget target;
  std::string daemon;  ///< the daemon's name in Redis (coordination.daemon, else its key)
  std::string host_id; ///< coordination.host_id, else the host name
  std::chrono::milliseconds lease{15000};
};

/// A connection to the fleet's server, made again when it broke. Shared by a held slot's
/// renewing thread and its owner, one at a time.
class FleetClient
{
public:
  /// Connects at once. Throws CoordinationError.
  explicit FleetClient(Fleet fleet);

  const Fleet& fleet() const { return m_fleet; }
  /// The key prefix of the daemon: "safedocker:{daemon.HASH}:".
  const std::string& prefix() const { return m_prefix; }
  /// Runs `script` (reconnecting first when the last use failed). Throws CoordinationError.
  RedisReply eval(std::string_view script, const std::vector<std::string>& keys, const std::vector<std::string>& args);
  /// Any command (reconnecting first when the last use failed). Throws CoordinationError, also
  /// for an error reply.
  RedisReply command(const std::vector<std::string>& argv);
  /// BLPOP on `key` for up to `wait`; true when woken. Throws CoordinationError.
  bool wait_for_wake(const std::string& key, std::chrono::milliseconds wait);
  /// The round trip of the last command.
  std::chrono::microseconds latency() const { return m_latency; }

  /// KEYS of the queue scripts.
  std::vector<std::string> queue_keys() const;

private:
  RedisConnection& connection();

  Fleet m_fleet;
  std::string m_prefix;
  std::mutex m_mutex;
  std::unique_ptr<RedisConnection> m_connection;
  std::chrono::microseconds m_latency{0};
};

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
/// finds the server restarted registers the holder again.
class FleetLease
{
public:
  FleetLease();
  FleetLease(std::shared_ptr<FleetClient> client, std::string token, std::string record, int slots);
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
/// CoordinationError when the server fails (the caller's place then ends with its lease).
FleetWait acquire_fleet_slot(const std::shared_ptr<FleetClient>& client, const FleetRequest& request);

/// Reserves this call's start at least `interval` after the fleet's previous one; returns how
/// long to wait. Throws CoordinationError.
std::chrono::milliseconds reserve_fleet_turn(FleetClient& client, std::chrono::milliseconds interval);

/// The fleet's holders and waiters (queue order) for a view. Throws CoordinationError.
struct FleetView
{
  std::vector<FleetMember> holders;
  std::vector<FleetMember> waiters;
};
FleetView view_fleet(FleetClient& client);

} // namespace sd::coordination
