#include "proxy/upstream_address.hpp"

#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

namespace sd::proxy {

namespace {

[[noreturn]] void
refuse(std::string_view what, std::string_view host, const std::string& why)
{
  throw Fatal(exit_code::k_usage, std::string(what) + " " + std::string(host) + ": " + why);
}

} // namespace

UpstreamAddress
upstream_address(std::string_view host, bool tls, std::string_view what)
{
  auto parsed = admission::parse_host(host, false);
  if (!parsed.address) {
    refuse(what, host, parsed.error);
  }
  UpstreamAddress address;
  address.host = std::move(*parsed.address);
  const auto& parts = address.host;
  const std::string served =
    "the guard forwards to a unix socket (unix:///PATH) or a plain tcp daemon (tcp://HOST:PORT)";
  switch (parts.transport) {
  case admission::Transport::unix_socket:
    address.path = parts.path;
    address.name = parts.path;
    address.endpoints.emplace_back(boost::asio::local::stream_protocol::endpoint(parts.path));
    return address;
  case admission::Transport::tcp:
    break;
  case admission::Transport::ssh:
    refuse(what, host, "an ssh daemon is not served: " + served + "; run the guard on the daemon's host");
  case admission::Transport::npipe:
  case admission::Transport::fd:
    refuse(what, host, "not served: " + served);
  }
  if (tls) {
    refuse(what, host,
           "this daemon is reached with TLS, which the guard does not speak yet: " + served
             + "; run the guard on the daemon's host, in front of its unix socket");
  }
  if (!parts.base_path.empty()) {
    refuse(what, host, "a path prefix (" + parts.base_path + ") is not served; give tcp://HOST:PORT");
  }
  address.name = "tcp://"
                 + (parts.hostname.find(':') != std::string::npos ? "[" + parts.hostname + "]" : parts.hostname) + ":"
                 + std::to_string(parts.port);
  // Resolved once: a long-running guard keeps the addresses it started with.
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  const auto results = resolver.resolve(parts.hostname, std::to_string(parts.port), ec);
  if (ec || results.empty()) {
    refuse(what, host, "cannot resolve " + parts.hostname + ": " + (ec ? ec.message() : "no address"));
  }
  for (const auto& entry : results) {
    address.endpoints.emplace_back(entry.endpoint());
  }
  return address;
}

} // namespace sd::proxy
