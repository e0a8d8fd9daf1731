#pragma once

#include "admission/endpoint.hpp"

#include <boost/asio/generic/stream_protocol.hpp>

#include <string>
#include <string_view>
#include <vector>

// Where the API guard forwards: a docker host string read as docker reads it (parse_host), made
// into addresses to connect to. A unix socket, or a plain tcp daemon (tcp://HOST:PORT, as GitLab's
// docker:dind without TLS or Docker Desktop's "expose daemon on tcp://localhost:2375"), whose
// name is resolved once, when the guard starts. TLS, ssh, npipe and fd are not served: each is
// refused with a message saying so.

namespace sd::proxy {

using UpstreamEndpoint = boost::asio::generic::stream_protocol::endpoint;

struct UpstreamAddress
{
  admission::HostAddress host;             ///< as parsed: its normalised form keys the daemon
  std::string name;                        ///< for messages: the socket path, or tcp://HOST:PORT
  std::string path;                        ///< a unix socket's path; empty for tcp
  std::vector<UpstreamEndpoint> endpoints; ///< tried in order
};

/// The upstream `host` (from `what`: "--upstream", "the daemon"). `tls`: the docker endpoint it
/// came from uses TLS. Throws sd::Fatal (exit 2) for what is not served and for a tcp host that
/// does not resolve.
UpstreamAddress upstream_address(std::string_view host, bool tls, std::string_view what);

} // namespace sd::proxy
