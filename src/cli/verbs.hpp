#pragma once

#include <span>
#include <string_view>

namespace sd::cli {

/// Runs `safedocker guard ARGS…` (args after "guard"). Returns the exit status.
int run_guard_verb(std::span<const std::string_view> args);

} // namespace sd::cli
