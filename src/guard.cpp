#include "guard.hpp"

#include "cli/verbs.hpp"
#include "housekeeping/session_labels.hpp"
#include "policy/alternative.hpp"
#include "policy/decide.hpp"
#include "policy/message.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_record.hpp"
#include "record/logging.hpp"
#include "record/pipeline_log.hpp"
#include "record/redact.hpp"
#include "run/admitted_call.hpp"
#include "run/find_program.hpp"
#include "run/own_path.hpp"
#include "run/program_arguments.hpp"
#include "run/spawn.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"
#include "util/terminal.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

// Policy fails closed: a rules file that cannot be read or understood stops the call, and
// nothing runs. Bookkeeping fails open: when the audit log cannot be written, safedocker warns
// once and docker still runs, unless audit.required says otherwise.

namespace sd {

namespace {

// Whether someone could answer a prompt: docker reads a prune's confirmation from stdin.
policy::Attendance
attendance()
{
  return util::is_terminal(STDIN_FILENO) ? policy::Attendance::terminal : policy::Attendance::unattended;
}

// Locked rules ignore the variable altogether (load_rules has said so on stderr).
bool
bypass_requested(const policy::RuleSet& rules)
{
  const char* value = std::getenv("SAFEDOCKER_BYPASS");
  return value != nullptr && std::string_view(value) == "1" && !policy::rules_locked(rules);
}

// Runs the call's steps under admission for its daemon: docker with our stdio and terminal;
// its stderr read too (for judging a failure) only when a retry may follow and it is not a
// terminal, since docker must see its terminal.
int
run_steps(const policy::RuleSet& rules, const grammar::ParsedCommand& parsed, const run::ProgramChoice& real,
          const std::vector<std::vector<std::string>>& steps, record::AuditRecord& audit, record::AuditTrail& trail)
{
  const auto settings = run::admission_settings(rules.settings);
  run::CallOptions options;
  options.klass = grammar::classify(parsed);
  // A client-only call (version, context ls, …) has no daemon to resolve.
  const auto daemon = options.klass == grammar::CommandClass::client ? run::CallDaemon{} : run::daemon_of_call(parsed);
  options.retryable = grammar::is_retryable(parsed) && steps.size() == 1;
  options.slot_label = parsed.path.empty() ? "docker" : "docker " + parsed.path;
  const auto capture = options.retryable && settings.max_attempts > 1 && ::isatty(STDERR_FILENO) == 0
                         ? run::CaptureStderr::yes
                         : run::CaptureStderr::no;
  const run::Runner run_once = [&]() {
    run::AttemptResult attempt;
    for (const auto& step : steps) {
      std::vector<std::string> argv{real.path};
      argv.insert(argv.end(), step.begin(), step.end());
      auto result = run::spawn_and_wait(
        real.path, argv, [&trail] { trail.prepare(); }, capture);
      if (result.status < 0) {
        throw Fatal(exit_code::k_spawn_failed, "cannot start " + real.path + ": " + std::strerror(errno));
      }
      attempt.status = result.status;
      attempt.stopped = result.signal_forwarded || result.status > 128;
      if (capture == run::CaptureStderr::yes) {
        attempt.stderr_text = std::move(result.stderr_tail);
      }
      if (result.status != 0) {
        break;
      }
    }
    return attempt;
  };
  admission::SystemClock clock;
  admission::SystemRandom random;
  run::CallWorld world{clock, random, run::daemon_prober(settings, daemon)};
  const auto outcome = run::run_admitted_call(settings, daemon, options, run_once, world, audit, trail);
  if (outcome.refused != run::Refusal::none) {
    // Nothing ran: recorded as what became of it, not as the rules' allow.
    record::set_outcome(audit, outcome.refused == run::Refusal::slot_timeout ? record::Outcome::slot_timeout
                                                                             : record::Outcome::breaker_open);
    std::fputs(outcome.message.c_str(), stderr);
  }
  return outcome.status;
}

} // namespace

int
guard_docker_call(grammar::Face face, std::string_view program, std::span<const std::string_view> args)
{
  const auto started = std::chrono::steady_clock::now();
  run::check_recursion();
  const auto rules = policy::load_rules();
  if (log::debug_enabled()) {
    record::log_rules(rules.settings, rules.source, rules.why);
  }
  auto parsed = grammar::parse(args, face);
  // Inside a test session, what the call creates carries the session's labels.
  housekeeping::LabelledArgv labelled;
  if (auto with_labels = housekeeping::label_for_current_session(parsed, face, labelled)) {
    args = labelled.views;
    parsed = std::move(*with_labels);
  }
  const auto decision = policy::decide(rules, parsed);

  record::AuditTrail trail(record::audit_config(rules.settings));
  record::AuditRecord audit;
  audit.argv =
    record::redacted_argv(program, parsed, record::split_secret_keys(rules.settings.text("audit.secret_keys")));
  audit.command = parsed.path;
  audit.decision = std::string(policy::action_name(decision.action));
  audit.rule = decision.rule != nullptr ? decision.rule->id : "";
  if (log::debug_enabled()) {
    record::log_call(audit.argv, parsed, audit.decision, audit.rule);
  }
  const auto finish = [&](int status) {
    if (log::debug_enabled()) {
      log::debug("exit " + std::to_string(status));
    }
    audit.exit_code = status;
    audit.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    trail.write(audit);
    return status;
  };

  switch (decision.action) {
  case policy::Action::allow:
    break;
  case policy::Action::warn:
    std::fputs(policy::explain_decision(decision, parsed, program, rules.source, attendance()).c_str(), stderr);
    break;
  case policy::Action::block:
    if (bypass_requested(rules) && rules.settings.flag("policy.allow_bypass")) {
      std::fprintf(stderr, "safedocker: SAFEDOCKER_BYPASS=1: running a call rule '%s' blocks\n",
                   decision.rule->id.c_str());
      record::set_outcome(audit, record::Outcome::bypass);
      audit.message = "SAFEDOCKER_BYPASS=1 ran a call that rule " + decision.rule->id + " blocks";
      break;
    }
    std::fputs(policy::explain_decision(decision, parsed, program, rules.source, attendance()).c_str(), stderr);
    if (bypass_requested(rules)) {
      std::fputs("  bypass:  refused: the rules in force do not set policy.allow_bypass = true\n", stderr);
    }
    return finish(exit_code::k_blocked);
  case policy::Action::rewrite:
    audit.rewritten = policy::fill_alternative(decision, parsed, program);
    std::fprintf(stderr, "safedocker: rule '%s' rewrites this call as: %s\n", decision.rule->id.c_str(),
                 policy::format_steps(audit.rewritten).c_str());
    break;
  }

  // With audit.required, a call runs only once its start is on record.
  if (trail.config().enabled && trail.config().required) {
    record::AuditRecord start = audit;
    start.event = "start";
    if (!trail.write(start)) {
      throw Fatal(exit_code::k_audit_failed,
                  "audit.required is set and the audit log cannot be written; nothing was run");
    }
  }
  try {
    const bool compose = face == grammar::Face::docker_compose;
    const auto real = run::find_real_program(compose ? "docker-compose" : "docker", rules.settings,
                                             compose ? "docker.compose_path" : "docker.path");
    if (log::debug_enabled()) {
      log::debug("docker " + real.path + " (" + real.reason + ")");
    }
    run::mark_child_environment(real);
    std::vector<std::vector<std::string>> steps;
    if (audit.rewritten.empty()) {
      steps.emplace_back(args.begin(), args.end());
    } else {
      for (const auto& step : audit.rewritten) {
        steps.emplace_back(step.begin() + 1, step.end()); // without the program word
      }
    }
    return finish(run_steps(rules, parsed, real, steps, audit, trail));
  } catch (const Fatal& error) {
    audit.message = error.what();
    finish(error.exit_code());
    throw;
  }
}

int
main(int argc, char** argv)
{
  run::note_program_name(argc > 0 ? argv[0] : nullptr);
  const auto arguments = run::program_arguments(argc, argv);
  const std::string_view program = !arguments.empty() ? run::program_name(arguments.front()) : "safedocker";
  const std::vector<std::string_view> args(arguments.begin() + (arguments.empty() ? 0 : 1), arguments.end());
  try {
    if (program == "docker-guard") {
      return cli::run_docker_plugin(args);
    }
    if (!args.empty() && args.front() == "guard") {
      return cli::run_guard_verb(std::span(args).subspan(1));
    }
    const auto face = program == "docker-compose" ? grammar::Face::docker_compose : grammar::Face::docker;
    return guard_docker_call(face, program, args);
  } catch (const Fatal& error) {
    std::fprintf(stderr, "safedocker: error: %s\n", error.what());
    return error.exit_code();
  }
}

} // namespace sd
