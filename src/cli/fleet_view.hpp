#pragma once

#include "run/admission_settings.hpp"

#include <nlohmann/json.hpp>

#include <string>

// guard health's part for a fleet (coordination.backend = redis): the server and its latency,
// the fleet's holders and waiters of the daemon, the fleet's breaker and this host's; or why
// Redis cannot be used. Read only: nothing is queued, counted or noted as active.

namespace sd::cli {

/// The fleet's view of the daemon `key`.
nlohmann::json fleet_json(const run::AdmissionSettings& settings, const std::string& key);

/// Whether the fleet's view is healthy: Redis answered and no breaker of it is open.
bool fleet_healthy(const nlohmann::json& fleet);

/// Prints the view under a daemon of guard health's text form.
void print_fleet(const nlohmann::json& fleet);

} // namespace sd::cli
