#pragma once

#include "admission/breaker.hpp"
#include "admission/clock.hpp"
#include "admission/proxy_registry.hpp"
#include "admission/slots.hpp"
#include "admission/state_dir.hpp"
#include "record/audit_record.hpp"
#include "run/admission_settings.hpp"
#include "run/call_daemon.hpp"
#include "run/held_slot.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

// The daemon behind the API guard, under the shim's admission: the same lock directory, the
// same daemon directory (slots, breaker) as the shim's calls to that daemon, so the CLI and the
// API share one budget and one breaker. Bookkeeping fails open, as in the shim: a lock
// directory that cannot be used is reported once and requests go on without admission.

namespace sd::proxy {

/// What the breaker says of a request.
struct Gate
{
  bool fail_fast = false; ///< open (or another process probes): answer 503
  bool dirty = false;     ///< failures on record or not closed: an answer must be told
  std::string message;    ///< for fail_fast: the JSON message
  std::chrono::seconds retry_after{1};
};

/// The end of a request's wait for a slot.
struct SlotOutcome
{
  run::HeldSlot slot;
  bool admitted = true; ///< false: admission could not be used; the request goes on without a slot
  std::chrono::milliseconds waited{0};
  std::vector<admission::SlotHolder> holders; ///< on a timeout: who holds the slots
  std::string refused;                        ///< Redis cannot be used and coordination.on_unavailable is block: why
  std::optional<record::CallCoordination> coordination; ///< coordination.backend = redis
};

/// How long the proxy trusts a clean closed breaker before it reads the breaker's file again.
inline constexpr std::chrono::milliseconds k_breaker_reread{100};

class Upstream
{
public:
  /// `slot_timeout`: how long a request waits for a slot before a 503.
  Upstream(const run::AdmissionSettings& settings, run::CallDaemon daemon, std::chrono::seconds slot_timeout);

  const std::string& key() const { return m_daemon.key; }
  std::chrono::seconds slot_timeout() const { return m_slot_timeout; }

  /// Whether requests go through admission (the lock directory could be used).
  bool admitted() const { return m_dir.has_value(); }

  /// The breaker's word before a request is sent. A closed breaker with no failures on record is
  /// read again at most every k_breaker_reread: a file opened per request was a measurable part
  /// of the guard's added latency, and another process's change is seen that much later.
  Gate gate();

  /// The daemon could not be reached, or did not answer. Returns whether this opened the breaker.
  bool failed(const std::string& reason);

  /// The daemon answered (any HTTP status). Returns whether this closed the breaker.
  bool answered();

  /// How long to wait before trying attempt `attempt` + 1 of a request that never reached the
  /// daemon (it could not be connected to): backoff with full jitter as the shim's retries
  /// (retry.*); nullopt when retry.max_attempts are used up.
  std::optional<std::chrono::milliseconds> retry_delay(int attempt);

  /// How many tries a request gets, the first included (retry.max_attempts).
  int max_attempts() const { return m_settings.max_attempts; }

  /// Waits for a slot on a thread of its own (the wait may be long; the proxy's one thread must
  /// not block), then calls `done` through `post` on the proxy's thread. `label` is what others
  /// see as the holder's command.
  /// With coordination.backend = redis the slot is the fleet's (the shim's too), or this host's
  /// fallback slots while Redis cannot be used.
  void acquire(std::string label, std::function<void(std::function<void()>)> post,
               std::function<void(SlotOutcome)> done) const;

  /// Frees a request's slot without blocking the proxy's thread (a fleet's slot is released in
  /// Redis on a thread of its own).
  static void release(run::HeldSlot& slot);

  /// Registers the guard's socket (`socket_key`) in the lock directory, so that a shim call to
  /// it takes this daemon's slot. Reported and skipped when it cannot be written.
  void register_socket(const std::string& socket_key);

  /// Whether client `peer_pid` runs under a slot that a shim call of its own holds for this
  /// daemon (its SAFEDOCKER_SLOT claim checks out): its requests are admitted and judged already.
  bool runs_under_shim_slot(long long peer_pid) const;

private:
  run::AdmissionSettings m_settings;
  run::CallDaemon m_daemon;
  std::chrono::seconds m_slot_timeout;
  admission::SystemClock m_clock;
  admission::SystemRandom m_random;
  std::optional<admission::StateDir> m_root;
  std::optional<admission::StateDir> m_dir;
  std::string m_dir_name;
  std::optional<admission::Breaker> m_breaker;
  /// Until when a closed breaker with no failures is taken as still so without reading its file.
  std::chrono::steady_clock::time_point m_closed_until;
  std::optional<admission::ProxyRegistration> m_registration; ///< last: removed before the directory closes
};

} // namespace sd::proxy
