#include "coordination/fleet_breaker.hpp"

#include "coordination/error.hpp"
#include "coordination/fleet_breaker_scripts.hpp"

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

const RedisReply&
element(const RedisReply& reply, std::size_t index, RedisReply::Kind kind)
{
  if (reply.kind != RedisReply::Kind::array || reply.elements.size() <= index || reply.elements[index].kind != kind) {
    throw CoordinationError("Redis answered the breaker's script with something unexpected");
  }
  return reply.elements[index];
}

} // namespace

FleetBreaker::FleetBreaker(std::shared_ptr<FleetClient> client, admission::BreakerConfig config)
  : m_client(std::move(client)),
    m_config(config)
{}

std::vector<std::string>
FleetBreaker::keys() const
{
  const auto& p = m_client->prefix();
  return {p + "breaker:count",  p + "breaker:last",  p + "breaker:reason", p + "breaker:open",
          p + "breaker:opened", p + "breaker:probe", p + "active"};
}

admission::BreakerGate
FleetBreaker::before_call()
{
  const auto probe_timeout = std::chrono::duration_cast<milliseconds>(m_config.probe_timeout);
  const auto window = std::chrono::duration_cast<milliseconds>(k_fleet_failure_window);
  const auto reply =
    m_client->eval(scripts::k_breaker_gate, keys(),
                   {m_client->fleet().host_id, std::to_string(probe_timeout.count()), std::to_string(window.count())});
  const auto& verdict = element(reply, 0, RedisReply::Kind::text).text;
  const bool fleet = element(reply, 1, RedisReply::Kind::text).text == "*";
  admission::BreakerGate gate;
  auto& status = gate.status;
  status.consecutive_failures = static_cast<int>(element(reply, 5, RedisReply::Kind::integer).integer);
  status.opened_at = time_at(element(reply, 2, RedisReply::Kind::integer).integer);
  status.last_reason = element(reply, 4, RedisReply::Kind::text).text;
  if (fleet && !status.last_reason.empty()) {
    status.last_reason = "fleet-wide: " + status.last_reason;
  } else if (fleet) {
    status.last_reason = "fleet-wide";
  }
  if (verdict == "closed") {
    gate.verdict = admission::GateVerdict::allow;
  } else if (verdict == "probe") {
    gate.verdict = admission::GateVerdict::probe;
    status.state = admission::BreakerState::half_open;
  } else {
    gate.verdict = admission::GateVerdict::fail_fast;
    status.state = admission::BreakerState::open;
    status.next_probe_at = time_at(element(reply, 3, RedisReply::Kind::integer).integer);
  }
  m_status = status;
  return gate;
}

admission::BreakerChange
FleetBreaker::report(std::string_view outcome, std::string_view reason)
{
  const auto open = std::chrono::duration_cast<milliseconds>(m_config.open_for);
  const auto window = std::chrono::duration_cast<milliseconds>(k_fleet_failure_window);
  const auto reply = m_client->eval(scripts::k_breaker_report, keys(),
                                    {m_client->fleet().host_id, std::string(outcome), std::string(reason),
                                     std::to_string(m_config.failure_threshold), std::to_string(open.count()),
                                     std::to_string(window.count())});
  admission::BreakerChange change;
  change.consecutive_failures = static_cast<int>(element(reply, 0, RedisReply::Kind::integer).integer);
  m_fleet_wide = false;
  for (std::size_t i = 1; i < reply.elements.size(); ++i) {
    const auto& event = reply.elements[i].text;
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

FleetBreaker::View
FleetBreaker::view()
{
  const auto reply = m_client->eval(scripts::k_breaker_view, keys(), {m_client->fleet().host_id});
  const auto status = [&](std::size_t first, bool with_count) {
    admission::BreakerStatus out;
    const auto next_probe = element(reply, first, RedisReply::Kind::integer).integer;
    if (with_count) {
      out.consecutive_failures = static_cast<int>(element(reply, first - 1, RedisReply::Kind::integer).integer);
    }
    if (next_probe > 0) {
      out.state = admission::BreakerState::open;
      out.next_probe_at = time_at(next_probe);
      out.opened_at = time_at(element(reply, first + 1, RedisReply::Kind::integer).integer);
      out.last_reason = element(reply, first + 2, RedisReply::Kind::text).text;
    }
    return out;
  };
  return {status(0, false), status(4, true)};
}

bool
FleetBreaker::reset()
{
  const auto before = view();
  std::vector<std::string> argv{"DEL"};
  const auto all = keys();
  argv.insert(argv.end(), all.begin(), all.end() - 1); // the active hosts stay
  m_client->command(argv);
  return before.fleet.state != admission::BreakerState::closed || before.host.state != admission::BreakerState::closed;
}

admission::BreakerChange
FleetBreaker::record_success()
{
  return report("success", "");
}

admission::BreakerChange
FleetBreaker::record_daemon_failure(std::string_view reason)
{
  return report("failure", reason.substr(0, std::min<std::size_t>(reason.size(), 400)));
}

} // namespace sd::coordination
