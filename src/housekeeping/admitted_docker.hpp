#pragma once

#include "admission/breaker.hpp"
#include "admission/clock.hpp"
#include "admission/error.hpp"
#include "admission/state_dir.hpp"
#include "admit.hpp"
#include "housekeeping/docker_calls.hpp"
#include "policy/rule.hpp"
#include "record/audit_record.hpp"
#include "run/find_program.hpp"

#include <optional>

namespace sd::housekeeping {

/// The real docker for housekeeping: each call is checked against the rules in force (a call
/// they block does not run), waits for the breaker and a slot like any other call (one slot per
/// call, released in between, so users' calls interleave), runs with its output captured and
/// its own process group (a signal for us never cuts a call short), feeds the breaker, and is
/// one `invocation` record in the audit log.
class AdmittedDocker : public DockerCalls
{
public:
  AdmittedDocker(const policy::RuleSet& rules, record::AuditTrail& trail);
  DockerReply call(const std::vector<std::string>& args) override;

  /// The state directory (limits.lock_dir), or nullptr when it cannot be used.
  const admission::StateDir* state_dir() const { return m_dir ? &*m_dir : nullptr; }

private:
  /// Bookkeeping fails open: a breaker whose state file cannot be used is dropped with a warning.
  void drop_breaker(const admission::AdmissionError& error);
  const policy::RuleSet& m_rules;
  record::AuditTrail& m_trail;
  AdmissionSettings m_settings;
  run::ProgramChoice m_real;
  std::optional<admission::StateDir> m_dir;
  admission::SystemClock m_clock;
  std::optional<admission::Breaker> m_breaker;
};

} // namespace sd::housekeeping
