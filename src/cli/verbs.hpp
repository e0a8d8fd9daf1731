#pragma once

#include <span>
#include <string_view>

namespace sd::cli {

/// Runs `safedocker guard ARGS…` (args after "guard"). Returns the exit status.
int run_guard_verb(std::span<const std::string_view> args);

/// Runs as the docker CLI plugin `docker-guard`: answers `docker-cli-plugin-metadata`, and runs
/// `docker [GLOBAL FLAGS] guard VERB…` (docker passes its whole argv after the program name).
int run_docker_plugin(std::span<const std::string_view> args);

} // namespace sd::cli
