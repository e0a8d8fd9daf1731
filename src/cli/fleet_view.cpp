#include "cli/fleet_view.hpp"

#include "coordination/error.hpp"
#include "coordination/fleet.hpp"
#include "coordination/fleet_breaker.hpp"
#include "record/stats.hpp"
#include "run/daemon_state.hpp"
#include "run/fleet_connect.hpp"

#include <cstdio>

namespace sd::cli {

namespace {

nlohmann::json
time_json(const std::optional<std::chrono::system_clock::time_point>& when)
{
  return when ? nlohmann::json(record::format_time(*when)) : nlohmann::json();
}

nlohmann::json
members_json(const std::vector<coordination::FleetMember>& members)
{
  auto list = nlohmann::json::array();
  for (const auto& m : members) {
    list.push_back({{"host", m.host}, {"pid", m.pid}, {"command", m.command}, {"since", time_json(m.since)}});
  }
  return list;
}

nlohmann::json
breaker_json(const admission::BreakerStatus& status)
{
  return {{"state", admission::breaker_state_name(status.state)},
          {"consecutive_failures", status.consecutive_failures},
          {"opened_at", time_json(status.opened_at)},
          {"last_reason", status.last_reason},
          {"next_probe_at", time_json(status.next_probe_at)}};
}

void
print_members(const char* what, const nlohmann::json& list)
{
  for (const auto& m : list) {
    std::printf("    %s %s pid %lld %s since %s\n", what, m["host"].get<std::string>().c_str(),
                static_cast<long long>(m["pid"].get<std::int64_t>()), m["command"].get<std::string>().c_str(),
                m["since"].is_string() ? m["since"].get<std::string>().c_str() : "-");
  }
}

void
print_breaker(const char* whose, const nlohmann::json& b)
{
  std::printf("  %s %s", whose, b["state"].get<std::string>().c_str());
  if (b["opened_at"].is_string()) {
    std::printf(" since %s: %s; next probe at %s", b["opened_at"].get<std::string>().c_str(),
                b["last_reason"].get<std::string>().c_str(),
                b["next_probe_at"].is_string() ? b["next_probe_at"].get<std::string>().c_str() : "-");
  }
  std::printf("\n");
}

} // namespace

nlohmann::json
fleet_json(const run::AdmissionSettings& settings, const std::string& key)
{
  const auto& c = settings.coordination;
  nlohmann::json out = {{"backend", "redis"}, {"server", c.redis}, {"host_id", c.host_id}};
  try {
    auto fleet = run::fleet_of(settings, key);
    out["fleet_daemon"] = fleet.daemon;
    auto client = coordination::connect_fleet_backend(std::move(fleet));
    const auto view = coordination::view_fleet(*client);
    out["latency_ms"] = static_cast<double>(client->latency().count()) / 1000.0;
    out["holders"] = members_json(view.holders);
    out["waiters"] = members_json(view.waiters);
    coordination::FleetBreaker breaker(client, run::breaker_config(settings));
    const auto states = breaker.view();
    out["fleet_breaker"] = breaker_json(states.fleet);
    out["host_breaker"] = breaker_json(states.host);
  } catch (const coordination::CoordinationError& error) {
    out["error"] = error.what();
  }
  return out;
}

bool
fleet_healthy(const nlohmann::json& fleet)
{
  return !fleet.contains("error") && fleet["fleet_breaker"]["state"] == "closed"
         && fleet["host_breaker"]["state"] == "closed";
}

void
print_fleet(const nlohmann::json& fleet)
{
  std::printf("  fleet:    %s as %s, %s", fleet["server"].get<std::string>().c_str(),
              fleet["host_id"].get<std::string>().c_str(),
              fleet.contains("fleet_daemon") ? fleet["fleet_daemon"].get<std::string>().c_str() : "-");
  if (fleet.contains("error")) {
    std::printf("\n  fleet:    %s\n", fleet["error"].get<std::string>().c_str());
    return;
  }
  std::printf(" in %.2f ms; %zu holding, %zu waiting\n", fleet["latency_ms"].get<double>(), fleet["holders"].size(),
              fleet["waiters"].size());
  print_members("holder", fleet["holders"]);
  print_members("waiter", fleet["waiters"]);
  print_breaker("fleet breaker:", fleet["fleet_breaker"]);
  print_breaker("host breaker: ", fleet["host_breaker"]);
}

} // namespace sd::cli
