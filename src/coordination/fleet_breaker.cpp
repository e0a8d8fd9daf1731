#include "coordination/fleet_breaker.hpp"

#include <algorithm>

namespace sd::coordination {

namespace {

using std::chrono::milliseconds;

std::optional<std::chrono::system_clock::time_point>
time_at(std::int64_t ms)
{
  if (ms <= 0) {
    return std::nullopt;
  }
  return std::chrono::system_clock::time_point(milliseconds(ms));
}

admission::BreakerStatus
status_of(const FleetBackend::BreakerLook& look)
{
  admission::BreakerStatus status;
  status.consecutive_failures = look.host_failures;
  if (look.next_probe_ms > 0) {
    status.state = admission::BreakerState::open;
    status.next_probe_at = time_at(look.next_probe_ms);
    status.opened_at = time_at(look.opened_ms);
    status.last_reason = look.reason;
  }
  return status;
}

} // namespace

FleetBreaker::FleetBreaker(std::shared_ptr<FleetBackend> backend, admission::BreakerConfig config)
  : m_backend(std::move(backend)),
    m_config(config)
{}

FleetBackend::BreakerRule
FleetBreaker::rule() const
{
  return {m_config.failure_threshold, std::chrono::duration_cast<milliseconds>(m_config.open_for),
          std::chrono::duration_cast<milliseconds>(m_config.probe_timeout),
          std::chrono::duration_cast<milliseconds>(k_fleet_failure_window)};
}

admission::BreakerGate
FleetBreaker::before_call()
{
  const auto look = m_backend->breaker_gate(rule());
  admission::BreakerGate gate;
  auto& status = gate.status;
  status.consecutive_failures = look.host_failures;
  status.opened_at = time_at(look.opened_ms);
  status.last_reason = look.reason;
  if (look.fleet) {
    status.last_reason = look.reason.empty() ? "fleet-wide" : "fleet-wide: " + look.reason;
  }
  if (look.verdict == "closed") {
    gate.verdict = admission::GateVerdict::allow;
  } else if (look.verdict == "probe") {
    gate.verdict = admission::GateVerdict::probe;
    status.state = admission::BreakerState::half_open;
  } else {
    gate.verdict = admission::GateVerdict::fail_fast;
    status.state = admission::BreakerState::open;
    status.next_probe_at = time_at(look.next_probe_ms);
  }
  m_status = status;
  return gate;
}

admission::BreakerChange
FleetBreaker::report(bool success, std::string_view reason)
{
  const auto [failures, events] = m_backend->breaker_report(success, std::string(reason), rule());
  admission::BreakerChange change;
  change.consecutive_failures = failures;
  m_fleet_wide = false;
  for (const auto& event : events) {
    if (event == "host_open" || event == "fleet_open") {
      change.before = m_status.state == admission::BreakerState::half_open ? admission::BreakerState::half_open
                                                                           : admission::BreakerState::closed;
      change.after = admission::BreakerState::open;
    } else if (event == "host_close" || event == "fleet_close") {
      change.before = admission::BreakerState::open;
      change.after = admission::BreakerState::closed;
    }
    m_fleet_wide = m_fleet_wide || event.starts_with("fleet_");
  }
  if (change.opened()) {
    const auto now = std::chrono::system_clock::now();
    m_status.state = admission::BreakerState::open;
    m_status.last_reason = (m_fleet_wide ? "fleet-wide: " : "") + std::string(reason);
    m_status.opened_at = now;
    m_status.next_probe_at = now + m_config.open_for;
  } else if (change.closed()) {
    m_status = {};
  }
  m_status.consecutive_failures = change.consecutive_failures;
  return change;
}

admission::BreakerChange
FleetBreaker::record_success()
{
  return report(true, "");
}

admission::BreakerChange
FleetBreaker::record_daemon_failure(std::string_view reason)
{
  return report(false, reason.substr(0, std::min<std::size_t>(reason.size(), 400)));
}

FleetBreaker::View
FleetBreaker::view()
{
  const auto [fleet, host] = m_backend->breaker_view();
  return {status_of(fleet), status_of(host)};
}

bool
FleetBreaker::reset()
{
  const auto before = view();
  m_backend->breaker_reset();
  return before.fleet.state != admission::BreakerState::closed || before.host.state != admission::BreakerState::closed;
}

} // namespace sd::coordination
