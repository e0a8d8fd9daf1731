#include "housekeeping/scheduler.hpp"

#include "admission/breaker.hpp"
#include "admission/daemon_dir.hpp"
#include "admission/daemon_key.hpp"
#include "admission/error.hpp"
#include "housekeeping/admitted_docker.hpp"
#include "housekeeping/wake_source.hpp"
#include "housekeeping/watched_child.hpp"
#include "record/audit_log.hpp"
#include "record/stats.hpp"
#include "run/call_daemon.hpp"
#include "run/daemon_state.hpp"
#include "util/disk_space.hpp"
#include "util/fatal.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace sd::housekeeping {

namespace {

using namespace std::chrono;

class SystemWorld final : public SchedulerWorld
{
public:
  SystemWorld(const policy::RuleSet& rules, const SchedulerConfig& config)
    : m_config(config),
      m_admission(run::admission_settings(rules.settings)),
      m_rules(rules),
      m_trail(record::audit_config(rules.settings))
  {}

  SystemWorld(const SystemWorld&) = delete;
  SystemWorld& operator=(const SystemWorld&) = delete;

  TimePoint now() override { return system_clock::now(); }

  bool wait_until(TimePoint due) override
  {
    while (!m_stop) {
      switch (m_wake.sleep_until(due)) {
      case WakeSource::Woken::due:
        return !m_stop;
      case WakeSource::Woken::signal:
        drain_signals();
        break;
      case WakeSource::Woken::error:
        return false;
      }
    }
    return false;
  }

  bool stop_requested() override
  {
    drain_signals();
    return m_stop;
  }

  std::string blocked_reason() override
  {
    if (!m_admission.breaker_enabled) {
      return {};
    }
    const auto daemon = run::current_daemon();
    try {
      const auto root = run::open_lock_dir(m_admission);
      const auto dir = run::open_daemon_state(root, daemon);
      admission::SystemClock clock;
      const auto status = admission::Breaker(dir, run::breaker_config(m_admission), clock).status();
      if (status.state == admission::BreakerState::closed) {
        return {};
      }
      std::string reason =
        "circuit breaker " + std::string(admission::breaker_state_name(status.state)) + " for " + daemon.key;
      if (status.opened_at) {
        reason += " since " + record::format_time(*status.opened_at);
      }
      if (!status.last_reason.empty()) {
        reason += ": " + status.last_reason;
      }
      return reason;
    } catch (const admission::AdmissionError& error) {
      // Bookkeeping fails open: an unusable lock directory does not stop cleanup.
      warn(error.what());
      return {};
    }
  }

  // The measurements are admitted calls like any other: checked by the rules, under the
  // daemon's breaker and a slot, judged and recorded; a stop signal is passed on to them.
  std::optional<Measurements> measure(const Thresholds& limits) override
  {
    std::optional<AdmittedDocker> docker;
    try {
      docker.emplace(m_rules, m_trail);
    } catch (const Fatal& error) {
      warn(std::string("threshold check: ") + error.what());
      return std::nullopt;
    }
    docker->set_runner([this](const std::string& program, const std::vector<std::string>& argv) {
      auto run = run_child(program, argv);
      return run::Captured{run.status, std::move(run.output), {}};
    });
    docker->set_slot_timeout(
      seconds(std::min<std::int64_t>(m_admission.acquire_timeout_seconds, m_config.check_interval.count())));
    docker->set_slot_label("guard scheduler: threshold check");
    const auto call = [&](std::vector<std::string> args, const char* what) -> std::optional<std::string> {
      auto reply = docker->call(args);
      if (m_child_told) {
        return std::nullopt;
      }
      if (reply.refused != 0) {
        warn(std::string("threshold check skipped: ") + what + " did not run: " + reply.err);
        return std::nullopt;
      }
      if (reply.status != 0) {
        warn(std::string("threshold check: ") + what + " failed (exit " + std::to_string(reply.status) + ")");
        return std::nullopt;
      }
      return std::move(reply.out);
    };

    Measurements measured;
    if (limits.needs_info()) {
      const auto output = call({"info", "--format", "{{json .}}"}, "docker info");
      const auto info = output ? parse_docker_info(*output) : std::nullopt;
      if (!info) {
        if (output) {
          warn("threshold check: docker info printed no JSON object");
        }
        return std::nullopt;
      }
      measured.stopped_containers = info->stopped_containers;
      if (limits.max_disk_percent > 0 && info->in_desktop_vm) {
        if (!m_told_desktop) {
          warn("threshold check: cleanup.max_disk_percent cannot be measured on Docker Desktop (its engine's disk is "
               "inside its virtual machine); the stopped-containers threshold still starts passes, and so do "
               "cleanup.max_image_bytes and cleanup.max_build_cache_bytes when set");
          m_told_desktop = true;
        }
      } else if (limits.max_disk_percent > 0 && !info->root_dir.empty() && engine_is_local()) {
        measured.disk_percent = util::disk_used_percent(info->root_dir);
      }
    }
    if (limits.needs_disk_usage()) {
      const auto output = call({"system", "df", "--format", "{{json .}}"}, "docker system df");
      if (!output) {
        return std::nullopt;
      }
      const auto usage = parse_system_df(*output);
      measured.image_bytes = usage.image_bytes;
      measured.build_cache_bytes = usage.build_cache_bytes;
    }
    return measured;
  }

  PassResult run_pass() override
  {
    const auto started = steady_clock::now();
    const auto run = run_child(m_config.program, m_config.command);
    PassResult result;
    result.exit_status = run.status;
    result.interrupted = run.interrupted;
    result.duration_ms = duration<double, std::milli>(steady_clock::now() - started).count();
    if (run.status < 0) {
      result.problem = "cannot start " + m_config.program + ": " + std::strerror(errno);
      return result;
    }
    // The pass prints one JSON object: {"removed":[…],"reclaimed_bytes":N}. Take the last
    // line that is one, so a pretty-printed or chatty output still counts when it can.
    auto parsed = nlohmann::json::parse(run.output, nullptr, false);
    if (!parsed.is_object()) {
      const auto end = run.output.find_last_not_of('\n');
      const auto start = end == std::string::npos ? std::string::npos : run.output.rfind('\n', end);
      parsed = nlohmann::json::parse(run.output.substr(start == std::string::npos ? 0 : start + 1), nullptr, false);
    }
    if (!parsed.is_object()) {
      if (!result.interrupted && run.status == 0) {
        result.problem = "its output is not a JSON object";
      }
      return result;
    }
    if (const auto it = parsed.find("removed"); it != parsed.end()) {
      result.removed = it->is_array()            ? static_cast<std::int64_t>(it->size())
                       : it->is_number_integer() ? it->get<std::int64_t>()
                                                 : 0;
    }
    if (const auto it = parsed.find("reclaimed_bytes"); it != parsed.end() && it->is_number_integer()) {
      result.reclaimed_bytes = it->get<std::int64_t>();
    }
    return result;
  }

  void audit(const record::AuditRecord& event) override { m_trail.write(event); }

  void warn(const std::string& message) override { std::fprintf(stderr, "safedocker: warning: %s\n", message.c_str()); }

private:
  // Reads pending signals: a stop signal sets m_stop; SIGCHLD only wakes the caller. True when
  // stopping.
  bool drain_signals()
  {
    for (const int signal : m_wake.read_signals()) {
      if (!m_stop) {
        std::fprintf(stderr, "safedocker: scheduler: %s received, stopping\n", WakeSource::signal_name(signal).c_str());
      }
      m_stop = true;
    }
    return m_stop;
  }

  // Runs a child to its end, collecting its stdout; a stop signal is passed on to it.
  ChildRun run_child(const std::string& program, const std::vector<std::string>& argv)
  {
    auto run = run_watched_child(program, argv, m_wake, [this] { return drain_signals(); });
    m_child_told = run.interrupted;
    return run;
  }

  // Only a local engine's data root is a file system we can look at.
  static bool engine_is_local()
  {
    const auto resolution = admission::resolve_endpoint({}, admission::process_environment());
    return resolution.endpoint && resolution.endpoint->host.starts_with("unix://");
  }

  SchedulerConfig m_config;
  run::AdmissionSettings m_admission;
  const policy::RuleSet& m_rules;
  record::AuditTrail m_trail;
  WakeSource m_wake;
  bool m_stop = false;
  bool m_child_told = false;
  bool m_told_desktop = false;
};

} // namespace

std::unique_ptr<SchedulerWorld>
make_system_world(const policy::RuleSet& rules, const SchedulerConfig& config)
{
  return std::make_unique<SystemWorld>(rules, config);
}

} // namespace sd::housekeeping
