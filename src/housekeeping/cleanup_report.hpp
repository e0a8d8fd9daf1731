#pragma once

#include "housekeeping/cleanup_pass.hpp"

#include <nlohmann/json.hpp>

#include <string>

// What a pass reports: `guard cleanup --json` for programs (the scheduler), text for people.

namespace sd::housekeeping {

/// The report as `guard cleanup --json` prints it (shape in the manual, "Test sessions and cleanup").
nlohmann::json report_json(const PassReport& report);

/// The report for people: one line per removal, then the totals.
std::string report_text(const PassReport& report);

} // namespace sd::housekeeping
