#pragma once

#include "admission/endpoint.hpp"
#include "grammar/parser.hpp"

#include <optional>
#include <string>

// The daemon a docker call goes to: its endpoint, resolved as docker resolves it (-H,
// --context, DOCKER_HOST, DOCKER_CONTEXT, the current context, the default socket), and its
// daemon key (admission/daemon_key.hpp).

namespace sd::run {

struct CallDaemon
{
  std::string key; ///< "unix:/run/docker.sock"; "unresolved" when docker's endpoint cannot be resolved
  std::optional<admission::Endpoint> endpoint; ///< what to probe
  std::string error;                           ///< why it is unresolved
};

/// The key under which calls whose endpoint cannot be resolved share their admission state:
/// docker refuses such a call itself, but it still takes a slot.
constexpr std::string_view k_unresolved_daemon = "unresolved";

/// The daemon of `parsed` (its -H, --context and --config global flags) in the process
/// environment.
CallDaemon daemon_of_call(const grammar::ParsedCommand& parsed);

/// The daemon a call without global flags would go to: the current environment's.
CallDaemon current_daemon();

} // namespace sd::run
