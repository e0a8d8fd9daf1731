#include "admission/breaker.hpp"
#include "admission/endpoint.hpp"
#include "admission/error.hpp"
#include "admission/health_probe.hpp"
#include "admission/slots.hpp"
#include "admit.hpp"
#include "cli/verb_setup.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_record.hpp"
#include "record/stats.hpp"

#include <nlohmann/json.hpp>

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

admission::Sharing
sharing_of(const AdmissionSettings& settings)
{
  return settings.shared ? admission::Sharing::shared : admission::Sharing::per_user;
}

} // namespace

VerbRunner
setup_health(CLI::App& guard)
{
  auto json = std::make_shared<bool>(false);
  auto* verb = guard.add_subcommand("health", "Daemon endpoint and ping, circuit breaker, slots in use");
  verb->add_flag("--json", *json, "Print one JSON object");
  return [json](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto settings = admission_settings(rules.settings);
    nlohmann::json out = {{"lock_dir", settings.lock_dir}};
    bool healthy = true;

    const auto resolution = admission::resolve_endpoint({}, admission::process_environment());
    if (resolution.endpoint) {
      const auto probe = admission::ping(*resolution.endpoint, std::chrono::milliseconds(settings.probe_timeout_ms));
      out["endpoint"] = {{"host", resolution.endpoint->host}, {"source", resolution.endpoint->source}};
      out["ping"] = admission::probe_status_name(probe.status);
      out["latency_ms"] = probe.latency.count();
      out["api_version"] = probe.api_version;
      out["message"] = probe.message;
      healthy = healthy && (probe.status == admission::ProbeStatus::ok || probe.status == admission::ProbeStatus::not_probeable);
    } else {
      out["endpoint"] = {{"error", resolution.error}};
      healthy = false;
    }
    try {
      const auto dir = admission::StateDir::open(settings.lock_dir, sharing_of(settings));
      admission::SystemClock clock;
      admission::BreakerConfig config;
      config.failure_threshold = settings.failure_threshold;
      config.open_for = std::chrono::seconds(settings.open_seconds);
      const auto status = admission::Breaker(dir, config, clock).status();
      out["breaker"] = {{"enabled", settings.breaker_enabled},
                        {"state", admission::breaker_state_name(status.state)},
                        {"consecutive_failures", status.consecutive_failures},
                        {"opened_at", time_json(status.opened_at)},
                        {"last_reason", status.last_reason},
                        {"next_probe_at", time_json(status.next_probe_at)}};
      healthy = healthy && status.state == admission::BreakerState::closed;
      auto holders = nlohmann::json::array();
      for (const auto& holder : admission::list_holders(dir, settings.max_concurrent)) {
        holders.push_back({{"slot", holder.slot}, {"pid", holder.pid}, {"command", holder.command}, {"since", time_json(holder.since)}});
      }
      out["slots"] = {{"max", settings.max_concurrent}, {"in_use", holders.size()}, {"holders", holders},
                      {"waiters", admission::count_waiters(dir)}};
    } catch (const admission::AdmissionError& error) {
      out["state_error"] = error.what();
      healthy = false;
    }
    out["healthy"] = healthy;
    if (*json) {
      std::printf("%s\n", out.dump().c_str());
      return healthy ? 0 : 1;
    }
    std::printf("endpoint:  %s (%s)\n", out["endpoint"].value("host", std::string("-")).c_str(),
                out["endpoint"].value("source", out["endpoint"].value("error", std::string())).c_str());
    if (out.contains("ping")) {
      std::printf("ping:      %s in %lld ms %s\n", out["ping"].get<std::string>().c_str(),
                  static_cast<long long>(out["latency_ms"].get<std::int64_t>()), out["message"].get<std::string>().c_str());
    }
    if (out.contains("breaker")) {
      const auto& b = out["breaker"];
      std::printf("breaker:   %s%s, %d failure(s) in a row%s\n", b["state"].get<std::string>().c_str(),
                  settings.breaker_enabled ? "" : " (disabled)", b["consecutive_failures"].get<int>(),
                  b["opened_at"].is_string() ? (", open since " + b["opened_at"].get<std::string>() + ": " + b["last_reason"].get<std::string>()).c_str() : "");
      std::printf("slots:     %zu of %d in use, %d waiting (%s)\n", out["slots"]["holders"].size(), settings.max_concurrent,
                  out["slots"]["waiters"].get<int>(), settings.lock_dir.c_str());
      for (const auto& h : out["slots"]["holders"]) {
        std::printf("  slot %d: pid %lld %s since %s\n", h["slot"].get<int>(), static_cast<long long>(h["pid"].get<std::int64_t>()),
                    h["command"].get<std::string>().c_str(), h["since"].is_string() ? h["since"].get<std::string>().c_str() : "-");
      }
    } else {
      std::printf("state:     %s\n", out["state_error"].get<std::string>().c_str());
    }
    return healthy ? 0 : 1;
  };
}

VerbRunner
setup_reset(CLI::App& guard)
{
  guard.add_subcommand("reset", "Close the circuit breaker by hand (recorded in the audit log)");
  return [](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto settings = admission_settings(rules.settings);
    std::optional<admission::StateDir> dir;
    admission::SystemClock clock;
    admission::BreakerConfig config;
    config.failure_threshold = settings.failure_threshold;
    config.open_for = std::chrono::seconds(settings.open_seconds);
    const auto user = record::gather_context().user;
    admission::BreakerChange change;
    try {
      dir.emplace(admission::StateDir::open(settings.lock_dir, sharing_of(settings)));
      admission::Breaker breaker(*dir, config, clock);
      change = breaker.reset(user.empty() ? "uid " + std::to_string(::getuid()) : user);
    } catch (const admission::AdmissionError& error) {
      std::fprintf(stderr, "safedocker: error: %s; the breaker was not reset\n", error.what());
      return 1;
    }
    record::AuditTrail trail(record::audit_config(rules.settings));
    record::AuditRecord event;
    event.event = "breaker_reset";
    event.message = std::string("was ") + std::string(admission::breaker_state_name(change.before));
    trail.write(event);
    std::printf("circuit breaker closed (was %s)\n", std::string(admission::breaker_state_name(change.before)).c_str());
    return 0;
  };
}

} // namespace sd::cli
