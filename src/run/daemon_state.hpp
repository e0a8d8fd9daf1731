#pragma once

#include "admission/breaker.hpp"
#include "admission/daemon_dir.hpp"
#include "admission/state_dir.hpp"
#include "run/admission_settings.hpp"
#include "run/call_daemon.hpp"

// Opening the admission state: the lock directory, a daemon's directory in it, its breaker.

namespace sd::run {

/// Opens limits.lock_dir as the settings say (per user or shared). Throws AdmissionError.
admission::StateDir open_lock_dir(const AdmissionSettings& settings);

/// Opens (creating) the state directory of `daemon` in `root`. Throws AdmissionError.
admission::StateDir open_daemon_state(const admission::StateDir& root, const CallDaemon& daemon);

/// The breaker's settings.
admission::BreakerConfig breaker_config(const AdmissionSettings& settings);

} // namespace sd::run
