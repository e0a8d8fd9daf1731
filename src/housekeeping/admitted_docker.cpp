#include "housekeeping/admitted_docker.hpp"

#include "grammar/command_class.hpp"
#include "grammar/parser.hpp"
#include "policy/decide.hpp"
#include "run/admitted_call.hpp"
#include "run/call_daemon.hpp"
#include "util/exit_codes.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>

namespace sd::housekeeping {

AdmittedDocker::AdmittedDocker(const policy::RuleSet& rules, record::AuditTrail& trail)
  : m_rules(rules),
    m_trail(trail),
    m_settings(run::admission_settings(rules.settings)),
    m_real(run::find_real_program("docker", rules.settings, "docker.path")),
    m_runner(run::run_captured)
{
  run::mark_child_environment(m_real);
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

  run::CallOptions options;
  options.klass = grammar::classify(parsed);
  options.retryable = grammar::is_retryable(parsed);
  options.slot_label = m_slot_label.empty() ? "docker " + parsed.path : m_slot_label;
  options.slot_timeout = m_slot_timeout;
  const auto daemon = run::daemon_of_call(parsed);
  std::vector<std::string> argv{m_real.path};
  argv.insert(argv.end(), args.begin(), args.end());
  run::Captured captured;
  const run::Runner run_once = [&]() {
    captured = m_runner(m_real.path, argv);
    return run::AttemptResult{captured.status, false, captured.err};
  };
  admission::SystemClock clock;
  admission::SystemRandom random;
  run::CallWorld world{clock, random, run::daemon_prober(m_settings, daemon)};
  const auto outcome = run::run_admitted_call(m_settings, daemon, options, run_once, world, audit, m_trail);
  if (outcome.refused != run::Refusal::none) {
    reply.refused = outcome.status;
    reply.err = outcome.message;
    return finish();
  }
  if (outcome.status < 0) {
    reply.refused = exit_code::k_spawn_failed;
    reply.err = "cannot start " + m_real.path + ": " + std::strerror(errno);
    return finish();
  }
  reply.status = captured.status;
  reply.out = std::move(captured.out);
  reply.err = std::move(captured.err);
  return finish();
}

} // namespace sd::housekeeping
