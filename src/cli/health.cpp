#include "admission/breaker.hpp"
#include "admission/daemon_dir.hpp"
#include "admission/daemon_key.hpp"
#include "admission/error.hpp"
#include "admission/health_probe.hpp"
#include "admission/slots.hpp"
#include "cli/fleet_view.hpp"
#include "cli/verb_setup.hpp"
#include "coordination/error.hpp"
#include "coordination/fleet_breaker.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_record.hpp"
#include "record/stats.hpp"
#include "run/call_daemon.hpp"
#include "run/daemon_state.hpp"
#include "run/fleet_connect.hpp"
#include "util/process_identity.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <unistd.h>

namespace sd::cli {

namespace {

nlohmann::json
time_json(const std::optional<std::chrono::system_clock::time_point>& when)
{
  return when ? nlohmann::json(record::format_time(*when)) : nlohmann::json();
}

struct InView
{
  admission::KnownDaemon daemon;
  bool known = false; ///< the lock directory has its state
};

// The daemons to show: the current environment's first (known to the lock directory or not),
// then every other daemon the lock directory knows, by key.
std::vector<InView>
daemons_in_view(const std::optional<admission::StateDir>& root, const run::CallDaemon& current)
{
  std::vector<InView> out;
  out.push_back({{current.key, current.endpoint ? current.endpoint->host : "",
                  current.endpoint && current.endpoint->tls, admission::daemon_dir_name(current.key)},
                 false});
  if (root) {
    for (auto& known : admission::list_daemons(*root)) {
      if (known.key == current.key) {
        out.front().known = true;
      } else {
        out.push_back({std::move(known), true});
      }
    }
  }
  return out;
}

nlohmann::json
daemon_json(const run::AdmissionSettings& settings, const std::optional<admission::StateDir>& root, const InView& view,
            const std::optional<admission::Endpoint>& endpoint)
{
  const auto& daemon = view.daemon;
  nlohmann::json out = {{"key", daemon.key}, {"host", daemon.host}};
  if (endpoint) {
    const auto probe = admission::ping(*endpoint, std::chrono::milliseconds(settings.probe_timeout_ms));
    out["ping"] = admission::probe_status_name(probe.status);
    out["latency_ms"] = probe.latency.count();
    out["api_version"] = probe.api_version;
    out["message"] = probe.message;
  }
  admission::BreakerStatus status;
  std::vector<admission::SlotHolder> holders;
  int waiters = 0;
  if (root && view.known) { // only a daemon the lock directory knows has state: nothing is created here
    try {
      const auto dir = admission::open_known_daemon_dir(*root, daemon);
      admission::SystemClock clock;
      status = admission::Breaker(dir, run::breaker_config(settings), clock).status();
      holders = admission::list_holders(dir, settings.max_concurrent);
      waiters = admission::count_waiters(dir);
    } catch (const admission::AdmissionError& error) {
      out["state_error"] = error.what();
    }
  }
  out["breaker"] = {{"enabled", settings.breaker_enabled},
                    {"state", admission::breaker_state_name(status.state)},
                    {"consecutive_failures", status.consecutive_failures},
                    {"opened_at", time_json(status.opened_at)},
                    {"last_reason", status.last_reason},
                    {"next_probe_at", time_json(status.next_probe_at)}};
  auto list = nlohmann::json::array();
  for (const auto& holder : holders) {
    list.push_back(
      {{"slot", holder.slot}, {"pid", holder.pid}, {"command", holder.command}, {"since", time_json(holder.since)}});
  }
  out["slots"] = {{"max", settings.max_concurrent}, {"in_use", list.size()}, {"holders", list}, {"waiters", waiters}};
  if (!settings.coordination.redis.empty()) {
    out["coordination"] = fleet_json(settings, daemon.key);
  }
  return out;
}

// The endpoint to ping for a daemon known only by its record.
std::optional<admission::Endpoint>
recorded_endpoint(const admission::KnownDaemon& daemon)
{
  if (daemon.host.empty() || !admission::parse_host(daemon.host, false).address) {
    return std::nullopt;
  }
  admission::Endpoint endpoint;
  endpoint.host = daemon.host;
  endpoint.source = "lock directory";
  endpoint.tls = daemon.tls;
  return endpoint;
}

bool
daemon_healthy(const nlohmann::json& daemon)
{
  const auto ping = daemon.value("ping", std::string("not probeable"));
  return (ping == "ok" || ping == "not probeable") && daemon["breaker"]["state"] == "closed"
         && !daemon.contains("state_error")
         && (!daemon.contains("coordination") || fleet_healthy(daemon["coordination"]));
}

void
print_daemon(const nlohmann::json& d, const run::AdmissionSettings& settings)
{
  std::printf("daemon:    %s%s\n", d["key"].get<std::string>().c_str(), d.value("current", false) ? " (current)" : "");
  if (d.contains("source")) {
    std::printf("  endpoint: %s (%s)\n", d["host"].get<std::string>().c_str(), d["source"].get<std::string>().c_str());
  } else {
    std::printf("  endpoint: %s\n", d["host"].get<std::string>().c_str());
  }
  if (d.contains("error")) {
    std::printf("  error:    %s\n", d["error"].get<std::string>().c_str());
  }
  if (d.contains("ping")) {
    std::printf("  ping:     %s in %lld ms %s\n", d["ping"].get<std::string>().c_str(),
                static_cast<long long>(d["latency_ms"].get<std::int64_t>()), d["message"].get<std::string>().c_str());
  }
  const auto& b = d["breaker"];
  std::printf(
    "  breaker:  %s%s, %d failure(s) in a row%s\n", b["state"].get<std::string>().c_str(),
    settings.breaker_enabled ? "" : " (disabled)", b["consecutive_failures"].get<int>(),
    b["opened_at"].is_string()
      ? (", open since " + b["opened_at"].get<std::string>() + ": " + b["last_reason"].get<std::string>()).c_str()
      : "");
  if (b["next_probe_at"].is_string()) {
    std::printf("  probe:    next at %s\n", b["next_probe_at"].get<std::string>().c_str());
  }
  std::printf("  slots:    %zu of %d in use, %d waiting\n", d["slots"]["holders"].size(), settings.max_concurrent,
              d["slots"]["waiters"].get<int>());
  for (const auto& h : d["slots"]["holders"]) {
    std::printf("    slot %d: pid %lld %s since %s\n", h["slot"].get<int>(),
                static_cast<long long>(h["pid"].get<std::int64_t>()), h["command"].get<std::string>().c_str(),
                h["since"].is_string() ? h["since"].get<std::string>().c_str() : "-");
  }
  if (d.contains("state_error")) {
    std::printf("  state:    %s\n", d["state_error"].get<std::string>().c_str());
  }
  if (d.contains("coordination")) {
    print_fleet(d["coordination"]);
  }
}

// guard reset with coordination.backend = redis: the fleet's breaker and every host's too.
bool
reset_fleet(const run::AdmissionSettings& settings, const std::string& key, record::AuditTrail& trail)
{
  try {
    auto client = coordination::connect_fleet_backend(run::fleet_of(settings, key));
    coordination::FleetBreaker breaker(client, run::breaker_config(settings));
    const bool was_open = breaker.reset();
    record::AuditRecord event;
    event.event = "breaker_reset";
    event.daemon = key;
    event.message = std::string("fleet-wide: ") + (was_open ? "was open" : "was closed");
    trail.write(event);
    std::printf("circuit breakers of the fleet for %s closed, every host's (%s)\n", client->fleet().daemon.c_str(),
                was_open ? "one was open" : "none was open");
    return true;
  } catch (const coordination::CoordinationError& error) {
    std::fprintf(stderr, "safedocker: error: %s; the fleet's breaker was not reset\n", error.what());
    return false;
  }
}

} // namespace

VerbRunner
setup_health(CLI::App& guard)
{
  auto json = std::make_shared<bool>(false);
  auto* verb = guard.add_subcommand("health", "Every daemon known: endpoint and ping, circuit breaker, slots in use");
  verb->add_flag("--json", *json, "Print one JSON object");
  return [json](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto settings = run::admission_settings(rules.settings);
    nlohmann::json out = {{"lock_dir", settings.lock_dir}};
    std::optional<admission::StateDir> root;
    try {
      root.emplace(run::open_lock_dir(settings));
    } catch (const admission::AdmissionError& error) {
      out["state_error"] = error.what();
    }
    const auto current = run::current_daemon();
    auto daemons = nlohmann::json::array();
    for (const auto& view : daemons_in_view(root, current)) {
      const bool is_current = view.daemon.key == current.key;
      auto entry = daemon_json(settings, root, view, is_current ? current.endpoint : recorded_endpoint(view.daemon));
      entry["current"] = is_current;
      if (is_current && current.endpoint) {
        entry["source"] = current.endpoint->source;
      } else if (is_current) {
        entry["error"] = current.error;
      }
      daemons.push_back(std::move(entry));
    }
    const bool healthy = !out.contains("state_error") && current.endpoint && daemon_healthy(daemons.front());
    out["daemons"] = daemons;
    out["healthy"] = healthy;
    if (*json) {
      std::printf("%s\n", out.dump().c_str());
      return healthy ? 0 : 1;
    }
    std::printf("lock dir:  %s\n", settings.lock_dir.c_str());
    if (out.contains("state_error")) {
      std::printf("state:     %s\n", out["state_error"].get<std::string>().c_str());
    }
    for (const auto& daemon : daemons) {
      print_daemon(daemon, settings);
    }
    return healthy ? 0 : 1;
  };
}

VerbRunner
setup_reset(CLI::App& guard)
{
  struct Options
  {
    bool all = false;
    std::string daemon;
  };
  auto options = std::make_shared<Options>();
  auto* verb = guard.add_subcommand("reset", "Close a daemon's circuit breaker by hand (recorded in the audit log)");
  verb->add_flag("--all", options->all, "Every daemon the lock directory knows");
  verb->add_option("--daemon", options->daemon,
                   "The daemon key, as guard health shows it (default: the current daemon's)");
  return [options](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto settings = run::admission_settings(rules.settings);
    const auto user_name = record::gather_context().user;
    const auto user = user_name.empty() ? "uid " + std::to_string(util::own_uid()) : user_name;
    record::AuditTrail trail(record::audit_config(rules.settings));
    try {
      const auto root = run::open_lock_dir(settings);
      std::vector<admission::KnownDaemon> targets;
      if (options->all) {
        targets = admission::list_daemons(root);
      } else {
        auto current = run::current_daemon();
        if (!options->daemon.empty()) {
          current = run::CallDaemon{options->daemon, std::nullopt, ""};
          const auto known = admission::list_daemons(root);
          if (std::none_of(known.begin(), known.end(), [&](const auto& k) { return k.key == options->daemon; })) {
            std::fprintf(stderr,
                         "safedocker: error: no daemon %s in %s; `safedocker guard health` lists the daemons known\n",
                         options->daemon.c_str(), settings.lock_dir.c_str());
            return 1;
          }
        }
        run::open_daemon_state(root, current); // created when missing, with its record
        targets.push_back({current.key, "", false, admission::daemon_dir_name(current.key)});
      }
      for (const auto& daemon : targets) {
        const auto dir = admission::open_known_daemon_dir(root, daemon);
        admission::SystemClock clock;
        admission::Breaker breaker(dir, run::breaker_config(settings), clock);
        const auto change = breaker.reset(user);
        record::AuditRecord event;
        event.event = "breaker_reset";
        event.daemon = daemon.key;
        event.message = std::string("was ") + std::string(admission::breaker_state_name(change.before));
        trail.write(event);
        std::printf("circuit breaker of %s closed (was %s)\n", daemon.key.c_str(),
                    std::string(admission::breaker_state_name(change.before)).c_str());
        if (!settings.coordination.redis.empty() && !reset_fleet(settings, daemon.key, trail)) {
          return 1;
        }
      }
    } catch (const admission::AdmissionError& error) {
      std::fprintf(stderr, "safedocker: error: %s; the breaker was not reset\n", error.what());
      return 1;
    }
    return 0;
  };
}

} // namespace sd::cli
