#include "admission/daemon_key.hpp"

#include "admission/sha256.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace sd::admission {

namespace {

std::string
lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string
host_port(std::string_view host, unsigned port)
{
  const bool v6 = host.find(':') != std::string_view::npos;
  return (v6 ? "[" + lower(host) + "]" : lower(host)) + ":" + std::to_string(port);
}

// ssh://[user@]host[:port][/path]: the path (a remote socket) is ssh's business; docker runs
// `docker system dial-stdio` on the host, which reaches that host's default daemon.
std::string
ssh_key(std::string_view text)
{
  auto rest = text.substr(std::min(text.size(), std::string_view("ssh://").size()));
  rest = rest.substr(0, rest.find('/'));
  std::string user;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    user = std::string(rest.substr(0, at)) + "@";
    rest = rest.substr(at + 1);
  }
  std::string_view host = rest;
  unsigned port = 22;
  std::string_view port_text;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    host = rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    if (close != std::string_view::npos && rest.substr(close + 1).starts_with(':')) {
      port_text = rest.substr(close + 2);
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  }
  if (!port_text.empty()) {
    unsigned value = 0;
    for (const char c : port_text) {
      value = c >= '0' && c <= '9' && value < 100000 ? value * 10 + static_cast<unsigned>(c - '0') : 100000;
    }
    port = value <= 65535 ? value : 0;
  }
  return "ssh:" + user + host_port(host, port);
}

std::string
socket_key(const std::string& path)
{
  std::error_code error;
  const auto real = std::filesystem::weakly_canonical(path, error);
  return "unix:" + (error ? path : real.string());
}

} // namespace

std::string
daemon_key(const HostAddress& address)
{
  switch (address.transport) {
  case Transport::unix_socket:
    return socket_key(address.path);
  case Transport::tcp:
    return "tcp:" + host_port(address.hostname, address.port);
  case Transport::ssh:
    return ssh_key(address.normalized);
  case Transport::npipe:
    return "npipe:" + address.path;
  case Transport::fd:
    return "fd:" + address.normalized.substr(std::min<std::size_t>(address.normalized.size(), 5));
  }
  return address.normalized;
}

std::string
daemon_key(std::string_view host)
{
  const auto parsed = parse_host(host, false);
  return parsed.address ? daemon_key(*parsed.address) : std::string(host);
}

std::string
daemon_dir_name(std::string_view key)
{
  return "daemon." + sha256_hex(key).substr(0, 16);
}

} // namespace sd::admission
