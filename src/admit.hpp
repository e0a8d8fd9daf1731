#pragma once

#include "config/settings.hpp"
#include "grammar/parser.hpp"
#include "record/audit_record.hpp"
#include "run/find_program.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

// Admission for one docker call, between the policy's yes and the real docker: the shared
// circuit breaker, the rate limit, a slot of the cross-process semaphore, and the run itself
// with retries. State lives in limits.lock_dir, shared by every safedocker on the machine.

namespace sd {

/// The admission settings in force (the limits, retry, breaker and probe sections).
struct AdmissionSettings
{
  std::string lock_dir;            ///< resolved: limits.lock_dir, else $XDG_RUNTIME_DIR/safedocker, else /tmp/safedocker-UID
  bool shared = false;
  int max_concurrent = 3;
  std::int64_t acquire_timeout_seconds = 600;
  std::vector<std::string> slot_classes;
  std::int64_t min_interval_ms = 0;
  int max_attempts = 4;
  std::int64_t retry_base_ms = 500;
  std::int64_t retry_cap_ms = 8000;
  std::vector<std::string> transient_patterns;
  bool breaker_enabled = true;
  int failure_threshold = 3;
  std::int64_t open_seconds = 900;
  std::int64_t probe_timeout_ms = 1000;
};

AdmissionSettings admission_settings(const config::Settings& settings);

/// Runs `steps` (each an argv without the program) through `real` under admission control, and
/// records what happened in `audit` (slot wait, retries) and in `trail` (retry and breaker
/// events). Returns the exit status of the last step run, or exit_code::k_slot_timeout /
/// k_breaker_open when the call was not admitted (nothing ran). Admission state that cannot be
/// used (an unsafe lock directory) is reported and the call runs unadmitted: bookkeeping fails
/// open.
int run_admitted(const AdmissionSettings& settings,
                 const grammar::ParsedCommand& parsed,
                 const run::ProgramChoice& real,
                 const std::vector<std::vector<std::string>>& steps,
                 record::AuditRecord& audit,
                 record::AuditTrail& trail);

} // namespace sd
