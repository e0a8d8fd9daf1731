#pragma once

#include "config/settings.hpp"
#include "grammar/parser.hpp"

#include <string>
#include <string_view>
#include <vector>

// The debug lines of one call's pipeline (SAFEDOCKER_LOG=debug), one line each on stderr. The
// callers test log::debug_enabled() first, so nothing is computed when debugging is off.

namespace sd::record {

/// "version 0.1.0", "rules FILE (why)" and every setting that is not at its default, with its origin.
void log_rules(const config::Settings& settings, std::string_view source, std::string_view why);

/// The parsed call (its argv as recorded, secrets redacted; canonical command; flag names)
/// and the decision with its rule.
void log_call(const std::vector<std::string>& redacted_argv, const grammar::ParsedCommand& parsed,
              std::string_view decision, std::string_view rule);

} // namespace sd::record
