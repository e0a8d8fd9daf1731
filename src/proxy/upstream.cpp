#include "proxy/upstream.hpp"

#include "admission/backoff.hpp"
#include "admission/daemon_key.hpp"
#include "admission/error.hpp"
#include "proxy/peer.hpp"
#include "record/logging.hpp"
#include "record/stats.hpp"
#include "run/daemon_state.hpp"
#include "run/inherited_slot.hpp"

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

void
Upstream::acquire(std::string label, std::function<void(std::function<void()>)> post,
                  std::function<void(admission::SlotWait)> done) const
{
  // The StateDir outlives every request: the Upstream lives as long as the proxy's loop.
  const admission::StateDir* dir = &*m_dir;
  admission::SlotRequest request{m_settings.max_concurrent, m_slot_timeout, std::move(label), {}};
  std::thread([dir, request = std::move(request), post = std::move(post), done = std::move(done)]() mutable {
    auto wait = std::make_shared<admission::SlotWait>();
    try {
      *wait = admission::acquire_slot(*dir, request);
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the request runs without a slot");
      wait->lease = {};
      wait->holders.clear();
      wait->waited = std::chrono::milliseconds(-1); // no slot, no timeout: go on without
    }
    post([done = std::move(done), wait] { done(std::move(*wait)); });
  }).detach();
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
  try {
    return !claims.empty() && run::claims_hold(*m_dir, m_dir_name, m_settings.max_concurrent, claims, peer_pid);
  } catch (const admission::AdmissionError&) {
    return false; // a slot file that cannot be read: the request takes a slot of its own
  }
}

} // namespace sd::proxy
