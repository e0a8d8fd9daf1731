#include "housekeeping/admitted_docker.hpp"

#include "admission/error.hpp"
#include "admission/rate_limit.hpp"
#include "admission/slots.hpp"
#include "admission/transient.hpp"
#include "exit_codes.hpp"
#include "grammar/parser.hpp"
#include "policy/decide.hpp"
#include "record/logging.hpp"
#include "run/capture.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>

namespace sd::housekeeping {

AdmittedDocker::AdmittedDocker(const policy::RuleSet& rules, record::AuditTrail& trail)
  : m_rules(rules), m_trail(trail), m_settings(admission_settings(rules.settings)),
    m_real(run::find_real_program("docker", rules.settings, "docker.path"))
{
  run::mark_child_environment(m_real);
  try {
    m_dir.emplace(admission::StateDir::open(
      m_settings.lock_dir, m_settings.shared ? admission::Sharing::shared : admission::Sharing::per_user));
  } catch (const admission::AdmissionError& error) {
    log::warn(std::string(error.what()) + "; docker calls run without admission control");
  }
  if (m_dir && m_settings.breaker_enabled) {
    admission::BreakerConfig config;
    config.failure_threshold = m_settings.failure_threshold;
    config.open_for = std::chrono::seconds(m_settings.open_seconds);
    m_breaker.emplace(*m_dir, config, m_clock);
  }
}

void
AdmittedDocker::drop_breaker(const admission::AdmissionError& error)
{
  log::warn(std::string(error.what()) + "; docker calls run without the circuit breaker");
  m_breaker.reset();
}

DockerReply
AdmittedDocker::call(const std::vector<std::string>& args)
{
  const auto started = std::chrono::steady_clock::now();
  const std::vector<std::string_view> views(args.begin(), args.end());
  const auto parsed = grammar::parse(views, grammar::Face::docker);
  record::AuditRecord audit;
  audit.argv.push_back("docker");
  audit.argv.insert(audit.argv.end(), args.begin(), args.end());
  audit.command = parsed.path;
  audit.decision = "allow";
  DockerReply reply;
  const auto finish = [&]() {
    audit.exit_code = reply.refused != 0 ? reply.refused : reply.status;
    audit.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    m_trail.write(audit);
    return reply;
  };

  // Housekeeping passes the same rules as everyone: a call they block never runs.
  const auto decision = policy::decide(m_rules, parsed);
  if (decision.action == policy::Action::block) {
    audit.decision = "block";
    audit.rule = decision.rule != nullptr ? decision.rule->id : "";
    reply.refused = exit_code::k_blocked;
    reply.err = "blocked by rule " + audit.rule;
    return finish();
  }

  std::optional<admission::BreakerGate> gate;
  try {
    if (m_breaker) {
      gate = m_breaker->before_call();
    }
  } catch (const admission::AdmissionError& error) {
    drop_breaker(error);
  }
  if (gate) {
    if (gate->verdict == admission::GateVerdict::fail_fast) {
      reply.refused = exit_code::k_breaker_open;
      reply.err = "the circuit breaker is open (" + gate->status.last_reason + "); reset with: safedocker guard reset";
      audit.message = "circuit breaker open: failed fast";
      return finish();
    }
  }
  admission::SlotLease lease;
  const auto wait_started = std::chrono::steady_clock::now();
  if (m_dir) {
    try {
      auto wait = admission::acquire_slot(
        *m_dir, {m_settings.max_concurrent, std::chrono::seconds(m_settings.acquire_timeout_seconds), "docker " + parsed.path});
      if (!wait.lease.held()) {
        reply.refused = exit_code::k_slot_timeout;
        reply.err = "no docker slot free after " + std::to_string(m_settings.acquire_timeout_seconds)
                    + "s (limits.acquire_timeout)";
        audit.message = "no slot within limits.acquire_timeout";
        return finish();
      }
      lease = std::move(wait.lease);
      admission::wait_turn(*m_dir, std::chrono::milliseconds(m_settings.min_interval_ms), m_clock);
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the call runs without a slot");
    }
  }
  audit.slot_wait_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wait_started).count();

  std::vector<std::string> argv{m_real.path};
  argv.insert(argv.end(), args.begin(), args.end());
  auto captured = run::run_captured(m_real.path, argv);
  lease.release();
  if (captured.status < 0) {
    reply.refused = exit_code::k_spawn_failed;
    reply.err = "cannot start " + m_real.path + ": " + std::strerror(errno);
    return finish();
  }
  reply.status = captured.status;
  reply.out = std::move(captured.out);
  reply.err = std::move(captured.err);

  try {
    if (m_breaker && gate) {
      if (reply.status != 0 && admission::is_daemon_unreachable(reply.err)) {
        const auto change = m_breaker->record_daemon_failure("docker could not reach the daemon");
        if (change.opened()) {
          m_trail.write_event(audit, "breaker_open", "docker could not reach the daemon (" + std::to_string(change.consecutive_failures) + " in a row)");
        }
      } else if (gate->status.consecutive_failures > 0 || gate->status.state != admission::BreakerState::closed) {
        if (m_breaker->record_success().closed()) {
          m_trail.write_event(audit, "breaker_close", reply.status == 0 ? "a call succeeded" : "the daemon answered");
        }
      }
    }
  } catch (const admission::AdmissionError& error) {
    drop_breaker(error);
  }
  return finish();
}

} // namespace sd::housekeeping
