#pragma once

#include <string_view>

// safedocker's own diagnostics, through spdlog to stderr, never stdout. Level from
// SAFEDOCKER_LOG (trace, debug, info, warn, error, off); default warn. The logger is made on
// first use, so a call that logs nothing pays nothing.

namespace sd::log {

bool debug_enabled();
void debug(std::string_view message);
void info(std::string_view message);
void warn(std::string_view message);

} // namespace sd::log
