#pragma once

#include "admission/endpoint.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

// A daemon health check: HTTP/1.1 GET /_ping, plain HTTP only, over a unix socket or TCP.
// One deadline covers connect, send and receive (non-blocking socket and poll()). Name
// resolution of a TCP host that is not an address literal or "localhost" goes through
// getaddrinfo, which the deadline cannot interrupt. TLS endpoints, ssh://, npipe:// and fd://
// are not probed (not_probeable): that is "unknown", never a failure.

namespace sd::admission {

/// The outcome of a ping.
enum class ProbeStatus : std::uint8_t {
  ok,            ///< HTTP 200
  unreachable,   ///< no daemon there: no such socket, connection refused, permission denied, …
  timeout,       ///< no full answer before the deadline
  bad_response,  ///< an answer that is not HTTP 200 (a 500, garbage, a TLS port, a closed connection)
  not_probeable, ///< ssh, npipe, fd or TLS: not checked
};

/// What ping found.
struct ProbeResult
{
  ProbeStatus status = ProbeStatus::not_probeable;
  std::chrono::milliseconds latency{0}; ///< from start to the answer (or to giving up)
  std::string api_version;              ///< the Api-Version header, when answered
  std::string message;                  ///< for humans: the HTTP status line, the errno text, …
};

/// "ok", "unreachable", "timeout", "bad response", "not probeable".
std::string_view probe_status_name(ProbeStatus status);

/// Sends GET /_ping to `endpoint` and reads the answer's status line and headers, giving up at
/// `timeout` after the start. Never throws; never raises SIGPIPE.
ProbeResult ping(const Endpoint& endpoint, std::chrono::milliseconds timeout);

} // namespace sd::admission
