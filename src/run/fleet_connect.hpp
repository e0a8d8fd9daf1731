#pragma once

#include "admission/state_dir.hpp"
#include "coordination/fleet.hpp"
#include "run/admission_settings.hpp"

#include <memory>
#include <string>

// A call's connection to the fleet of its daemon (coordination.backend = redis), or why there
// is none. A server that could not be reached is not tried again by this host's calls for
// k_unavailable_pause (noted in the daemon's state directory), so a cut network costs one
// connect timeout, not one per call.

namespace sd::run {

/// How long calls run as coordination.on_unavailable says before Redis is tried again.
constexpr std::chrono::seconds k_unavailable_pause{5};

/// The daemon's name in Redis: coordination.daemon, else `key`; a unix socket or named pipe is
/// this host's own engine, so its key is qualified by the host id.
std::string fleet_daemon_name(const AdmissionSettings::Coordination& settings, const std::string& key);

/// The fleet of the daemon `key` as the settings describe it (the backend must be redis).
coordination::Fleet fleet_of(const AdmissionSettings& settings, const std::string& key);

struct FleetConnection
{
  std::shared_ptr<coordination::FleetBackend> client; ///< null: degraded
  std::string unavailable;                            ///< why not, when degraded
};

/// Connects to the fleet of the daemon `key` whose state directory is `dir`. Never throws.
FleetConnection connect_fleet(const AdmissionSettings& settings, const admission::StateDir& dir,
                              const std::string& key);

/// Notes in `dir` that the server failed now (`why`), so that calls skip it for the pause.
void note_fleet_unavailable(const admission::StateDir& dir, const std::string& why);

} // namespace sd::run
