#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

// Which daemon a docker call talks to, found the way the docker CLI finds it
// (cli/command/cli.go resolveContextName, opts/hosts.go ParseHost):
//   1. --context NAME               → that context (with -H too: docker's "conflicting options")
//   2. -H/--host                    → the default context with that host
//   3. DOCKER_HOST (non-empty)      → the default context with that host
//   4. DOCKER_CONTEXT (non-empty)   → that context
//   5. currentContext in CONFIG/config.json → that context
//   6. the default context: unix:///var/run/docker.sock (tcp://localhost:2376 with TLS)
// CONFIG is --config, else DOCKER_CONFIG, else $HOME/.docker. A context other than "default" is
// CONFIG/contexts/meta/<sha256 of its name>/meta.json, Endpoints.docker.Host.

namespace sd::admission {

/// How a host string connects.
enum class Transport : std::uint8_t { unix_socket, tcp, ssh, npipe, fd };

/// A host string taken apart.
struct HostAddress
{
  Transport transport = Transport::unix_socket;
  std::string normalized; ///< as docker uses it: "unix:///var/run/docker.sock", "tcp://h:2375/prefix"
  std::string path;       ///< unix, npipe: the socket or pipe path
  std::string hostname;   ///< tcp: name or address literal, without brackets
  std::uint16_t port = 0; ///< tcp
  std::string base_path;  ///< tcp: URL path prefix ("" or "/prefix")
};

/// parse_host's answer: an address, or docker's error message.
struct HostParse
{
  std::optional<HostAddress> address;
  std::string error;
};

/// Parses a host like docker's ParseHost: spaces trimmed; empty → the default socket (or
/// tcp://localhost:2376 when `default_to_tls`); "unix://" (empty path → /var/run/docker.sock),
/// "tcp://host:port/path" (empty host → localhost, no port → 2375, as docker does even with
/// TLS), "npipe://", "fd://", "ssh://" taken as they are; a bare "h:p" is tcp and a bare
/// "/path" or "./path" is unix (docker 28+).
HostParse parse_host(std::string_view host, bool default_to_tls);

/// Reads one environment variable; returns nullptr when unset.
using EnvLookup = std::function<const char*(const char*)>;

/// The process environment (std::getenv), as an EnvLookup.
EnvLookup process_environment();

/// What the docker command line said about its endpoint (docker's global flags).
struct EndpointRequest
{
  std::optional<std::string> host_flag;       ///< -H/--host
  std::optional<std::string> context_flag;    ///< -c/--context
  std::optional<std::string> config_dir_flag; ///< --config
  bool tls = false;                           ///< --tls or --tlsverify given (DOCKER_TLS and
                                              ///< DOCKER_TLS_VERIFY are read from the environment)
};

/// The daemon endpoint of a call.
struct Endpoint
{
  std::string host;   ///< normalised (parse_host)
  std::string source; ///< for humans: "-H flag", "DOCKER_HOST", "context prod (--context, …/meta.json)", "default"
  std::string context = "default"; ///< the context name
  bool tls = false;                ///< TLS is used: flags or environment (default context), or the context's TLS files
};

/// resolve_endpoint's answer: an endpoint, or an error in docker's words. `warning` is set when
/// CONFIG/config.json exists but cannot be read (docker warns and goes on without it).
struct EndpointResolution
{
  std::optional<Endpoint> endpoint;
  std::string error;
  std::string warning;
};

/// Resolves the endpoint as docker would (order above). Errors: --context with -H, a named
/// context whose meta.json is missing or has no docker endpoint, an invalid host string.
EndpointResolution resolve_endpoint(const EndpointRequest& request, const EnvLookup& env);

} // namespace sd::admission
