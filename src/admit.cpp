#include "admit.hpp"

#include "admission/backoff.hpp"
#include "admission/breaker.hpp"
#include "admission/endpoint.hpp"
#include "admission/error.hpp"
#include "admission/health_probe.hpp"
#include "admission/rate_limit.hpp"
#include "admission/slots.hpp"
#include "admission/transient.hpp"
#include "exit_codes.hpp"
#include "grammar/command_class.hpp"
#include "record/logging.hpp"
#include "record/stats.hpp"
#include "run/spawn.hpp"
#include "util/comma_list.hpp"
#include "util/fatal.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace sd {

namespace {

// The per-user lock directory. On a locked host XDG_RUNTIME_DIR, which the user sets, does not
// move it (a fresh directory per call would escape limits.max_concurrent): the login manager's
// /run/user/UID when it is a directory of ours, else /tmp/safedocker-UID.
std::string
default_lock_dir(const config::Settings& settings)
{
  const auto uid = std::to_string(::getuid());
  if (settings.flag("policy.locked")) {
    const auto runtime = "/run/user/" + uid;
    struct stat info{};
    if (::lstat(runtime.c_str(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == ::getuid()) {
      return runtime + "/safedocker";
    }
  } else if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime == '/') {
    return std::string(runtime) + "/safedocker";
  }
  return "/tmp/safedocker-" + uid;
}

std::string
global_value(const grammar::ParsedCommand& parsed, std::string_view name)
{
  for (auto it = parsed.global_flags.rbegin(); it != parsed.global_flags.rend(); ++it) {
    if (it->name == name) {
      return it->value;
    }
  }
  return {};
}

admission::EndpointRequest
endpoint_request(const grammar::ParsedCommand& parsed)
{
  admission::EndpointRequest request;
  if (auto host = global_value(parsed, "host"); !host.empty()) {
    request.host_flag = host;
  }
  if (auto context = global_value(parsed, "context"); !context.empty()) {
    request.context_flag = context;
  }
  if (auto config = global_value(parsed, "config"); !config.empty()) {
    request.config_dir_flag = config;
  }
  request.tls = !global_value(parsed, "tls").empty() || !global_value(parsed, "tlsverify").empty();
  return request;
}

// Whether the daemon of this call answers /_ping: asked only after a call failed, or by the
// breaker's one prober, never on a healthy call's path.
std::optional<admission::ProbeResult>
probe_daemon(const AdmissionSettings& settings, const grammar::ParsedCommand& parsed)
{
  const auto resolution = admission::resolve_endpoint(endpoint_request(parsed), admission::process_environment());
  if (!resolution.endpoint) {
    return std::nullopt;
  }
  const auto result = admission::ping(*resolution.endpoint, std::chrono::milliseconds(settings.probe_timeout_ms));
  if (result.status == admission::ProbeStatus::not_probeable) {
    return std::nullopt;
  }
  return result;
}

std::string
time_text(const std::optional<std::chrono::system_clock::time_point>& when)
{
  return when ? record::format_time(*when) : std::string("-");
}

int
fail_fast(const admission::BreakerStatus& status, record::AuditRecord& audit)
{
  std::fprintf(stderr,
               "safedocker: the docker daemon is failing: circuit breaker open since %s (%s)\n"
               "  next probe: %s; reset now with: safedocker guard reset\n",
               time_text(status.opened_at).c_str(),
               status.last_reason.empty() ? "daemon unreachable" : status.last_reason.c_str(),
               time_text(status.next_probe_at ? status.next_probe_at : status.probe_deadline).c_str());
  audit.message = "circuit breaker open: failed fast";
  return exit_code::k_breaker_open;
}

struct Admission
{
  std::optional<admission::StateDir> dir;
  std::optional<admission::SystemClock> clock;
  std::optional<admission::Breaker> breaker;
  admission::SlotLease lease;
};

// Bookkeeping fails open: a breaker whose state file cannot be used (one planted by another user
// in a shared directory, an unwritable one) is dropped with a warning and the call goes on
// without it. Returns what `step` returned, or nullopt when there is no usable breaker.
template<typename Step>
auto
breaker_step(Admission& admission, Step step) -> std::optional<decltype(step(*admission.breaker))>
{
  if (!admission.breaker) {
    return std::nullopt;
  }
  try {
    return step(*admission.breaker);
  } catch (const admission::AdmissionError& error) {
    log::warn(std::string(error.what()) + "; the call runs without the circuit breaker");
    admission.breaker.reset();
    return std::nullopt;
  }
}

} // namespace

AdmissionSettings
admission_settings(const config::Settings& settings)
{
  AdmissionSettings out;
  out.lock_dir = std::string(settings.text("limits.lock_dir"));
  if (out.lock_dir.empty()) {
    out.lock_dir = default_lock_dir(settings);
  }
  out.shared = settings.flag("limits.shared");
  out.max_concurrent = static_cast<int>(std::clamp<std::int64_t>(settings.integer("limits.max_concurrent"), 1, 1000));
  out.acquire_timeout_seconds = std::max<std::int64_t>(settings.integer("limits.acquire_timeout"), 0);
  out.slot_classes = util::split_comma_list(settings.text("limits.slot_classes"));
  out.min_interval_ms = std::max<std::int64_t>(settings.integer("limits.min_interval_ms"), 0);
  out.max_attempts = static_cast<int>(std::clamp<std::int64_t>(settings.integer("retry.max_attempts"), 1, 20));
  out.retry_base_ms = std::max<std::int64_t>(settings.integer("retry.base_ms"), 0);
  out.retry_cap_ms = std::max<std::int64_t>(settings.integer("retry.cap_ms"), 0);
  out.transient_patterns = util::split_comma_list(settings.text("retry.patterns"));
  out.breaker_enabled = settings.flag("breaker.enabled");
  out.failure_threshold = static_cast<int>(std::clamp<std::int64_t>(settings.integer("breaker.failure_threshold"), 1, 1000));
  out.open_seconds = std::max<std::int64_t>(settings.integer("breaker.open_seconds"), 0);
  out.probe_timeout_ms = std::clamp<std::int64_t>(settings.integer("probe.timeout_ms"), 50, 60000);
  return out;
}

int
run_admitted(const AdmissionSettings& settings,
             const grammar::ParsedCommand& parsed,
             const run::ProgramChoice& real,
             const std::vector<std::vector<std::string>>& steps,
             record::AuditRecord& audit,
             record::AuditTrail& trail)
{
  const auto klass = grammar::classify(parsed);
  const bool takes_slot = std::find(settings.slot_classes.begin(), settings.slot_classes.end(),
                                    std::string(grammar::class_name(klass)))
                          != settings.slot_classes.end();
  const bool daemon_bound = klass != grammar::CommandClass::client;

  Admission admission;
  if (daemon_bound) {
    try {
      admission.dir.emplace(admission::StateDir::open(
        settings.lock_dir, settings.shared ? admission::Sharing::shared : admission::Sharing::per_user));
      admission.clock.emplace();
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the call runs without admission control");
    }
  }
  if (admission.dir && settings.breaker_enabled) {
    admission::BreakerConfig config;
    config.failure_threshold = settings.failure_threshold;
    config.open_for = std::chrono::seconds(settings.open_seconds);
    admission.breaker.emplace(*admission.dir, config, *admission.clock);
  }

  // 1. The breaker: fail fast while the daemon is known to be down; one process probes.
  const auto gate = breaker_step(admission, [](admission::Breaker& breaker) { return breaker.before_call(); });
  if (gate) {
    if (gate->status.file == admission::StateFile::reset_corrupt) {
      log::warn("the circuit breaker's state file was unreadable and is taken as closed");
    }
    if (gate->verdict == admission::GateVerdict::fail_fast) {
      return fail_fast(gate->status, audit);
    }
    if (gate->verdict == admission::GateVerdict::probe) {
      const auto probe = probe_daemon(settings, parsed);
      if (probe && probe->status != admission::ProbeStatus::ok) {
        breaker_step(admission, [&](admission::Breaker& breaker) {
          return breaker.record_daemon_failure("probe: " + probe->message);
        });
        trail.write_event(audit, "breaker_open", "half-open probe failed: " + probe->message);
        const auto status = breaker_step(admission, [](admission::Breaker& breaker) { return breaker.status(); });
        return fail_fast(status ? *status : gate->status, audit);
      }
      if (probe) {
        breaker_step(admission, [](admission::Breaker& breaker) { return breaker.record_success(); });
        trail.write_event(audit, "breaker_close", "half-open probe answered in "
                                                     + std::to_string(probe->latency.count()) + " ms");
      }
    }
  }

  // 2. A slot, then 3. the rate limit: a reservation is not spent while waiting for a slot.
  const auto wait_started = std::chrono::steady_clock::now();
  if (admission.dir) {
    try {
      if (takes_slot) {
        std::string command = parsed.path.empty() ? "docker" : "docker " + parsed.path;
        auto wait = admission::acquire_slot(
          *admission.dir,
          {settings.max_concurrent, std::chrono::seconds(settings.acquire_timeout_seconds), command});
        if (!wait.lease.held()) {
          std::string holders;
          for (const auto& holder : wait.holders) {
            holders += "\n  slot " + std::to_string(holder.slot) + ": pid " + std::to_string(holder.pid) + " "
                       + holder.command + " since " + time_text(holder.since);
          }
          std::fprintf(stderr,
                       "safedocker: error: no docker slot free after %llds (limits.max_concurrent = %d, "
                       "limits.acquire_timeout); held by:%s\n",
                       static_cast<long long>(settings.acquire_timeout_seconds), settings.max_concurrent,
                       holders.c_str());
          audit.message = "no slot within limits.acquire_timeout";
          audit.slot_wait_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wait_started).count();
          return exit_code::k_slot_timeout;
        }
        admission.lease = std::move(wait.lease);
      }
      admission::wait_turn(*admission.dir, std::chrono::milliseconds(settings.min_interval_ms), *admission.clock);
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the call runs without a slot");
    }
  }
  audit.slot_wait_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wait_started).count();

  // 4. Run, with retries for what is safe to run again.
  const admission::RetryPolicy policy{settings.max_attempts, std::chrono::milliseconds(settings.retry_base_ms),
                                      std::chrono::milliseconds(settings.retry_cap_ms)};
  const bool retryable = grammar::is_retryable(parsed) && steps.size() == 1;
  const auto capture = retryable && policy.max_attempts > 1 && ::isatty(STDERR_FILENO) == 0
                         ? run::CaptureStderr::yes
                         : run::CaptureStderr::no;
  admission::SystemRandom random;
  int status = 0;
  for (int attempt = 1;; ++attempt) {
    std::string tail;
    bool stopped = false;
    for (const auto& step : steps) {
      std::vector<std::string> argv{real.path};
      argv.insert(argv.end(), step.begin(), step.end());
      const auto result = run::spawn_and_wait(real.path, argv, [&trail] { trail.prepare(); }, capture);
      if (result.status < 0) {
        throw Fatal(exit_code::k_spawn_failed, "cannot start " + real.path + ": " + std::strerror(errno));
      }
      status = result.status;
      tail = result.stderr_tail;
      stopped = result.signal_forwarded || status > 128;
      if (status != 0) {
        break;
      }
    }
    if (stopped) {
      return status; // the user stopped it (a signal): neither judged nor retried
    }
    if (status == 0 || !daemon_bound) {
      if (admission.breaker && gate && (gate->status.consecutive_failures > 0 || gate->status.state != admission::BreakerState::closed)) {
        const auto change = breaker_step(admission, [](admission::Breaker& breaker) { return breaker.record_success(); });
        if (change && change->closed()) {
          trail.write_event(audit, "breaker_close", "a call succeeded");
        }
      }
      return status;
    }
    // A failure: the daemon's, or the user's? Ask docker's words when we have them, else the daemon.
    bool daemon_down = false;
    std::string reason;
    if (capture == run::CaptureStderr::yes && admission::is_daemon_unreachable(tail)) {
      daemon_down = true;
      reason = "docker could not reach the daemon";
    } else if (const auto probe = probe_daemon(settings, parsed);
               probe && (probe->status == admission::ProbeStatus::unreachable || probe->status == admission::ProbeStatus::timeout)) {
      daemon_down = true;
      reason = "daemon " + std::string(admission::probe_status_name(probe->status)) + ": " + probe->message;
    }
    bool transient = daemon_down;
    if (!daemon_down && capture == run::CaptureStderr::yes && admission::matches_transient_pattern(tail, settings.transient_patterns)) {
      transient = true;
      reason = "a transient error";
    }
    if (admission.breaker) {
      if (daemon_down) {
        const auto change = breaker_step(admission, [&](admission::Breaker& breaker) {
          return breaker.record_daemon_failure(reason);
        });
        if (change && change->opened()) {
          trail.write_event(audit, "breaker_open", reason + " (" + std::to_string(change->consecutive_failures) + " in a row)");
          std::fprintf(stderr, "safedocker: circuit breaker opened after %d daemon failures in a row; calls fail fast for %llds\n",
                       change->consecutive_failures, static_cast<long long>(settings.open_seconds));
          return status;
        }
      } else if (gate && gate->status.consecutive_failures > 0) {
        // The daemon answered (a user's error): that too can close a half-open breaker.
        const auto change = breaker_step(admission, [](admission::Breaker& breaker) { return breaker.record_success(); });
        if (change && change->closed()) {
          trail.write_event(audit, "breaker_close", "the daemon answered");
        }
      }
    }
    if (!transient || !retryable || !admission::may_retry(policy, attempt)) {
      return status;
    }
    const auto delay = admission::backoff_delay(policy, attempt, random);
    std::fprintf(stderr, "safedocker: retry %d/%d in %.1fs: %s\n", attempt + 1, policy.max_attempts,
                 static_cast<double>(delay.count()) / 1000.0, reason.c_str());
    trail.write_event(audit, "retry", "retry " + std::to_string(attempt + 1) + "/" + std::to_string(policy.max_attempts)
                                         + " after " + std::to_string(delay.count()) + " ms: " + reason);
    ++audit.retries;
    admission::SystemClock().sleep_for(delay);
  }
}

} // namespace sd
