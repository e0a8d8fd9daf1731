#pragma once

#include "admission/endpoint.hpp"

#include <string>
#include <string_view>

// Which daemon a call goes to, as one string: slots, the rate limit and the breaker are kept
// per daemon key, so a dead remote engine never fails calls to a healthy local one.
//
//   unix:<socket path, links resolved>   unix:///var/run/docker.sock and /run/docker.sock are one
//   tcp:<host>:<port>                    host lowercased; IPv6 in brackets; TLS or not, one daemon
//   ssh:<user>@<host>:<port>             port 22 when not given
//   npipe:<pipe path>, fd:<rest>
//
// Endpoints are not merged by the engine's own ID (GET /info): that would put a request on
// the first call to every endpoint, and cloned machines share the ID (see the manual, "Admission").

namespace sd::admission {

/// The daemon key of `address`. For a unix socket the path's links are resolved as far as the
/// path exists (a socket that is gone keys by its directory's real path and its name).
std::string daemon_key(const HostAddress& address);

/// The daemon key of a host string as docker normalises it (Endpoint::host); an unparsable host
/// keys as itself.
std::string daemon_key(std::string_view host);

/// The name of the daemon's state directory under the lock directory: "daemon." and the first
/// 16 hex digits of the key's SHA-256.
std::string daemon_dir_name(std::string_view key);

} // namespace sd::admission
