#include "proxy/upstream.hpp"

#include "admission/backoff.hpp"
#include "admission/daemon_key.hpp"
#include "admission/error.hpp"
#include "coordination/error.hpp"
#include "proxy/peer.hpp"
#include "record/logging.hpp"
#include "record/stats.hpp"
#include "run/daemon_state.hpp"
#include "run/fleet_connect.hpp"
#include "run/inherited_slot.hpp"
#include "util/process_identity.hpp"

#include <algorithm>
#include <thread>

namespace sd::proxy {

namespace {

std::string
time_text(const std::optional<std::chrono::system_clock::time_point>& when)
{
  return when ? record::format_time(*when) : std::string("-");
}

} // namespace

Upstream::Upstream(const run::AdmissionSettings& settings, run::CallDaemon daemon, std::chrono::seconds slot_timeout)
  : m_settings(settings),
    m_daemon(std::move(daemon)),
    m_slot_timeout(slot_timeout)
{
  try {
    m_root.emplace(run::open_lock_dir(m_settings));
    m_dir.emplace(run::open_daemon_state(*m_root, m_daemon));
    m_dir_name = admission::daemon_dir_name(m_daemon.key);
  } catch (const admission::AdmissionError& error) {
    log::warn(std::string(error.what()) + "; the proxy runs without admission control");
    m_dir.reset();
    return;
  }
  if (m_settings.breaker_enabled) {
    m_breaker.emplace(*m_dir, run::breaker_config(m_settings), m_clock);
  }
}

Gate
Upstream::gate()
{
  Gate gate;
  const auto now = std::chrono::steady_clock::now();
  if (!m_breaker || now < m_closed_until) {
    return gate;
  }
  try {
    const auto verdict = m_breaker->before_call();
    gate.dirty = verdict.status.consecutive_failures > 0 || verdict.status.state != admission::BreakerState::closed;
    if (!gate.dirty) {
      m_closed_until = now + k_breaker_reread;
    }
    // The one prober's request is the probe: it goes through, and its answer decides.
    if (verdict.verdict == admission::GateVerdict::fail_fast) {
      gate.fail_fast = true;
      const auto next = verdict.status.next_probe_at ? verdict.status.next_probe_at : verdict.status.probe_deadline;
      if (next) {
        const auto left = std::chrono::ceil<std::chrono::seconds>(*next - m_clock.now());
        gate.retry_after = std::max(std::chrono::seconds(1), left);
      }
      gate.message = "safedocker: the docker daemon " + m_daemon.key + " is failing: circuit breaker open since "
                     + time_text(verdict.status.opened_at) + " ("
                     + (verdict.status.last_reason.empty() ? "daemon unreachable" : verdict.status.last_reason)
                     + "); next probe: " + time_text(next) + "; reset now with: safedocker guard reset --daemon "
                     + m_daemon.key;
    }
  } catch (const admission::AdmissionError& error) {
    log::warn(std::string(error.what()) + "; the proxy runs without the circuit breaker");
    m_breaker.reset();
  }
  return gate;
}

bool
Upstream::failed(const std::string& reason)
{
  m_closed_until = {}; // the next request reads the file again
  if (!m_breaker) {
    return false;
  }
  try {
    return m_breaker->record_daemon_failure(reason).opened();
  } catch (const admission::AdmissionError& error) {
    log::warn(std::string(error.what()) + "; the proxy runs without the circuit breaker");
    m_breaker.reset();
    return false;
  }
}

bool
Upstream::answered()
{
  if (!m_breaker) {
    return false;
  }
  try {
    return m_breaker->record_success().closed();
  } catch (const admission::AdmissionError& error) {
    log::warn(std::string(error.what()) + "; the proxy runs without the circuit breaker");
    m_breaker.reset();
    return false;
  }
}

std::optional<std::chrono::milliseconds>
Upstream::retry_delay(int attempt)
{
  if (attempt >= m_settings.max_attempts) {
    return std::nullopt;
  }
  const admission::RetryPolicy policy{m_settings.max_attempts, std::chrono::milliseconds(m_settings.retry_base_ms),
                                      std::chrono::milliseconds(m_settings.retry_cap_ms)};
  return admission::backoff_delay(policy, attempt, m_random);
}

namespace {

// A slot of the fleet for an API request, or this host's while Redis cannot be used.
SlotOutcome
fleet_slot(const run::AdmissionSettings& settings, const admission::StateDir& dir, const std::string& key,
           const admission::SlotRequest& request)
{
  SlotOutcome out;
  out.coordination = record::CallCoordination{run::fleet_daemon_name(settings.coordination, key), false, 0};
  auto fleet = run::connect_fleet(settings, dir, key);
  if (fleet.client) {
    try {
      auto wait = coordination::acquire_fleet_slot(
        fleet.client, {request.slots, request.timeout, request.command, util::own_pid(), {}});
      out.waited = wait.waited;
      out.coordination->ticket = wait.ticket;
      out.slot.fleet = std::move(wait.lease);
      for (std::size_t i = 0; i < wait.holders.size(); ++i) {
        const auto& m = wait.holders[i];
        out.holders.push_back({static_cast<int>(i), m.pid, m.host + ": " + m.command, m.since});
      }
      return out;
    } catch (const coordination::CoordinationError& error) {
      fleet.unavailable = error.what();
      run::note_fleet_unavailable(dir, fleet.unavailable);
    }
  }
  out.coordination->degraded = true;
  if (settings.coordination.block_when_unavailable) {
    out.refused = "safedocker: no docker slot for " + out.coordination->fleet_daemon + ": " + fleet.unavailable
                  + " (coordination.on_unavailable = block)";
    return out;
  }
  log::warn(fleet.unavailable + "; the request runs under this host's own "
            + std::to_string(settings.coordination.fallback_slots) + " slot(s) (coordination.on_unavailable = local)");
  auto own = request;
  own.slots = settings.coordination.fallback_slots;
  auto wait = admission::acquire_slot(dir, own);
  out.waited = wait.waited;
  out.holders = std::move(wait.holders);
  out.slot.local = std::move(wait.lease);
  return out;
}

} // namespace

void
Upstream::acquire(std::string label, std::function<void(std::function<void()>)> post,
                  std::function<void(SlotOutcome)> done) const
{
  // The StateDir outlives every request: the Upstream lives as long as the proxy's loop.
  const admission::StateDir* dir = &*m_dir;
  admission::SlotRequest request{m_settings.max_concurrent, m_slot_timeout, std::move(label), {}};
  std::thread([dir, request = std::move(request), post = std::move(post), done = std::move(done),
               settings = &m_settings, key = m_daemon.key]() mutable {
    auto outcome = std::make_shared<SlotOutcome>();
    try {
      if (!settings->coordination.redis.empty()) {
        *outcome = fleet_slot(*settings, *dir, key, request);
      } else {
        auto wait = admission::acquire_slot(*dir, request);
        outcome->waited = wait.waited;
        outcome->holders = std::move(wait.holders);
        outcome->slot.local = std::move(wait.lease);
      }
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the request runs without a slot");
      outcome->slot = {};
      outcome->holders.clear();
      outcome->admitted = false;
    }
    post([done = std::move(done), outcome] { done(std::move(*outcome)); });
  }).detach();
}

void
Upstream::release(run::HeldSlot& slot)
{
  slot.local.release();
  if (slot.fleet.held()) {
    try {
      std::thread([lease = std::move(slot.fleet)]() mutable { lease.release(); }).detach();
    } catch (const std::system_error&) {
      slot.fleet.release(); // no thread to spare: here, then
    }
  }
}

void
Upstream::register_socket(const std::string& socket_key)
{
  if (!m_root) {
    return;
  }
  try {
    m_registration.emplace(*m_root, socket_key, m_daemon.key);
  } catch (const admission::AdmissionError& error) {
    log::warn(std::string(error.what()) + "; shim calls to this socket will be admitted twice");
  }
}

bool
Upstream::runs_under_shim_slot(long long peer_pid) const
{
  if (!m_dir) {
    return false;
  }
  const auto claims = environment_value(peer_pid, run::k_slot_variable);
  if (claims.empty()) {
    return false;
  }
  if (!m_settings.coordination.redis.empty()) {
    // The shim's slot is the fleet's: its holder must be this host's process of the claim.
    const auto holder = run::ancestor_claim(m_dir_name, claims, peer_pid);
    auto fleet = holder ? run::connect_fleet(m_settings, *m_dir, m_daemon.key) : run::FleetConnection{};
    try {
      if (fleet.client) {
        const auto view = coordination::view_fleet(*fleet.client);
        return std::any_of(view.holders.begin(), view.holders.end(), [&](const auto& member) {
          return member.pid == *holder && member.host == m_settings.coordination.host_id;
        });
      }
    } catch (const coordination::CoordinationError&) {
      // Not known to hold one: the request takes a slot of its own.
    }
    return false;
  }
  try {
    return run::claims_hold(*m_dir, m_dir_name, m_settings.max_concurrent, claims, peer_pid);
  } catch (const admission::AdmissionError&) {
    return false; // a slot file that cannot be read: the request takes a slot of its own
  }
}

} // namespace sd::proxy
