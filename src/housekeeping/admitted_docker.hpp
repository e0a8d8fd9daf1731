#pragma once

#include "housekeeping/docker_calls.hpp"
#include "policy/rule.hpp"
#include "record/audit_record.hpp"
#include "run/admission_settings.hpp"
#include "run/capture.hpp"
#include "run/find_program.hpp"

#include <chrono>
#include <functional>
#include <optional>

namespace sd::housekeeping {

/// Runs docker with its output captured: run::run_captured, or the scheduler's own runner that
/// passes a stop signal on.
using CapturedRunner = std::function<run::Captured(const std::string& program, const std::vector<std::string>& argv)>;

/// The real docker for housekeeping: each call is checked against the rules in force (a call
/// they block does not run), passes admission for its daemon like any other call (the one
/// admitted call, run/admitted_call.hpp: breaker with its probe, one slot per call released in
/// between so users' calls interleave, rate limit, judgement, retries of what only reads), runs
/// with its output captured and its own process group (a signal for us never cuts a call
/// short), and is one `invocation` record in the audit log.
class AdmittedDocker : public DockerCalls
{
public:
  AdmittedDocker(const policy::RuleSet& rules, record::AuditTrail& trail);
  DockerReply call(const std::vector<std::string>& args) override;

  /// Runs docker with `runner` instead of run::run_captured.
  void set_runner(CapturedRunner runner) { m_runner = std::move(runner); }
  /// Waits at most `timeout` for a slot instead of limits.acquire_timeout.
  void set_slot_timeout(std::chrono::seconds timeout) { m_slot_timeout = timeout; }
  /// The label slot holders show while a call runs ("docker PATH" when empty).
  void set_slot_label(std::string label) { m_slot_label = std::move(label); }

  /// The admission settings in force.
  const run::AdmissionSettings& settings() const { return m_settings; }

private:
  const policy::RuleSet& m_rules;
  record::AuditTrail& m_trail;
  run::AdmissionSettings m_settings;
  run::ProgramChoice m_real;
  CapturedRunner m_runner;
  std::optional<std::chrono::seconds> m_slot_timeout;
  std::string m_slot_label;
};

} // namespace sd::housekeeping
