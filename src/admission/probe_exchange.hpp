#pragma once

#include "admission/endpoint.hpp"
#include "admission/health_probe.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

// The platform's half of the health probe (health_probe.cpp builds the request and judges the
// answer): a fresh connection to a unix socket, a named pipe (Windows) or a tcp host, one request, the head of the
// answer, one deadline for all of it. Never raises SIGPIPE.

namespace sd::admission {

/// Why no answer came.
struct ExchangeFailure
{
  ProbeStatus status; ///< unreachable, timeout or bad_response
  std::string message;
};

/// Whether this platform reaches endpoints of `transport`: unix sockets and tcp on POSIX
/// systems; named pipes and tcp on Windows.
bool can_exchange(Transport transport);

/// Connects to `host` (unix or tcp; npipe or tcp on Windows), sends `request` and reads until the end of the answer's
/// headers, the end of the stream or 16 KB, all before `deadline`: the bytes read, or why not.
std::variant<std::string, ExchangeFailure> exchange_head(const HostAddress& host, std::string_view request,
                                                         std::chrono::steady_clock::time_point deadline);

} // namespace sd::admission
