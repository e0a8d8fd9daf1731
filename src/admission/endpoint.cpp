#include "admission/endpoint.hpp"

#include "admission/docker_defaults.hpp"

#include "admission/sha256.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace sd::admission {

namespace {

constexpr std::string_view k_default_socket = "/var/run/docker.sock";
constexpr std::string_view k_default_pipe = "//./pipe/docker_engine";
constexpr std::string_view k_default_tls_host = "tcp://localhost:2376";
constexpr std::string_view k_default_context = "default";

std::string_view
trim(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

HostParse
fail(std::string message)
{
  return {std::nullopt, std::move(message)};
}

HostParse
parse_simple(Transport transport, std::string_view scheme, std::string_view rest, std::string_view fallback)
{
  if (rest.find("://") != std::string_view::npos) {
    return fail("invalid proto, expected " + std::string(scheme) + ": " + std::string(rest));
  }
  HostAddress address;
  address.transport = transport;
  address.path = std::string(rest.empty() ? fallback : rest);
  address.normalized = std::string(scheme) + "://" + address.path;
  return {address, {}};
}

// docker's ParseTCPAddr with tcp://localhost:2375 as the default address.
HostParse
parse_tcp(std::string_view original, std::string_view rest)
{
  const std::string invalid = "invalid bind address format: " + std::string(original);
  if (rest.empty()) {
    rest = "localhost:2375";
  }
  if (rest.find("://") != std::string_view::npos) {
    return fail("invalid proto, expected tcp: " + std::string(original));
  }
  HostAddress address;
  address.transport = Transport::tcp;
  const auto slash = rest.find('/');
  std::string_view host_port = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    address.base_path = std::string(rest.substr(slash));
  }
  std::string_view host = host_port;
  std::string_view port;
  if (host_port.starts_with('[')) {
    const auto close = host_port.find(']');
    if (close == std::string_view::npos) {
      return fail(invalid);
    }
    host = host_port.substr(1, close - 1);
    const auto after = host_port.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return fail(invalid);
    }
    port = after.empty() ? after : after.substr(1);
  } else if (const auto colon = host_port.find(':');
             colon != std::string_view::npos && host_port.find(':', colon + 1) == std::string_view::npos) {
    host = host_port.substr(0, colon);
    port = host_port.substr(colon + 1);
  } // several colons without brackets: a bare IPv6 address, no port
  if (host.empty()) {
    host = "localhost";
  }
  if (port.empty()) {
    port = "2375";
  }
  unsigned value = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (error != std::errc() || end != port.data() + port.size() || value > 65535) {
    return fail(invalid);
  }
  address.hostname = std::string(host);
  address.port = static_cast<std::uint16_t>(value);
  const bool v6 = address.hostname.find(':') != std::string::npos;
  address.normalized = "tcp://" + (v6 ? "[" + address.hostname + "]" : address.hostname) + ":"
                       + std::to_string(address.port) + address.base_path;
  return {address, {}};
}

const char*
lookup(const EnvLookup& env, const char* name)
{
  const char* value = env ? env(name) : nullptr;
  return value != nullptr && *value != '\0' ? value : nullptr;
}

std::optional<std::string>
config_dir(const EndpointRequest& request, const EnvLookup& env)
{
  if (request.config_dir_flag && !request.config_dir_flag->empty()) {
    return *request.config_dir_flag;
  }
  if (const char* dir = lookup(env, "DOCKER_CONFIG")) {
    return std::string(dir);
  }
  if (const char* home = lookup(env, home_variable())) {
    return docker_config_dir_in(home);
  }
  return std::nullopt;
}

enum class FileRead : std::uint8_t { missing, unreadable, ok };

// C stdio, not iostreams: every daemon-bound call resolves its endpoint, and an ifstream's
// locale set-up alone costs more than the rest of the resolution.
FileRead
read_json(const std::string& path, nlohmann::json& out)
{
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return FileRead::missing;
  }
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0 && text.size() < (1U << 20);) {
    text.append(buffer, n);
  }
  std::fclose(file);
  out = nlohmann::json::parse(text, nullptr, false);
  return out.is_discarded() ? FileRead::unreadable : FileRead::ok;
}

bool
file_exists(const std::string& path)
{
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file != nullptr) {
    std::fclose(file);
  }
  return file != nullptr;
}

EndpointResolution
default_context(const EndpointRequest& request, const EnvLookup& env)
{
  const bool tls = request.tls || lookup(env, "DOCKER_TLS_VERIFY") != nullptr || lookup(env, "DOCKER_TLS") != nullptr;
  std::string_view host;
  std::string source = "default";
  if (request.host_flag) {
    host = *request.host_flag;
    source = "-H flag";
  } else if (const char* from_env = lookup(env, "DOCKER_HOST")) {
    host = from_env;
    source = "DOCKER_HOST";
  }
  auto parsed = parse_host(host, tls);
  if (!parsed.address) {
    return {std::nullopt, parsed.error, {}};
  }
  return {Endpoint{parsed.address->normalized, source, std::string(k_default_context), tls}, {}, {}};
}

EndpointResolution
named_context(const std::string& name, const std::string& how, const std::optional<std::string>& config)
{
  if (!config) {
    return {std::nullopt, "context \"" + name + "\" not found: no docker config directory (HOME is not set)", {}};
  }
  const auto digest = sha256_hex(name);
  const auto meta_path = *config + "/contexts/meta/" + digest + "/meta.json";
  nlohmann::json meta;
  switch (read_json(meta_path, meta)) {
  case FileRead::missing:
    return {std::nullopt, "context \"" + name + "\" not found (" + how + "): no " + meta_path, {}};
  case FileRead::unreadable:
    return {std::nullopt, "context \"" + name + "\": " + meta_path + " is not valid JSON", {}};
  case FileRead::ok:
    break;
  }
  const auto* host = meta.is_object() ? &meta : nullptr;
  for (const char* key : {"Endpoints", "docker", "Host"}) {
    host = host != nullptr && host->is_object() && host->contains(key) ? &(*host)[key] : nullptr;
  }
  if (host == nullptr || !host->is_string()) {
    return {std::nullopt, "context \"" + name + "\": " + meta_path + " has no Endpoints.docker.Host", {}};
  }
  auto parsed = parse_host(host->get<std::string>(), false);
  if (!parsed.address) {
    return {std::nullopt, "context \"" + name + "\": " + parsed.error, {}};
  }
  // docker uses TLS for a context with TLS files, or with SkipTLSVerify set.
  const auto tls_dir = *config + "/contexts/tls/" + digest + "/docker/";
  bool tls = file_exists(tls_dir + "ca.pem") || file_exists(tls_dir + "cert.pem") || file_exists(tls_dir + "key.pem");
  const auto& docker = meta["Endpoints"]["docker"];
  if (const auto skip = docker.find("SkipTLSVerify"); skip != docker.end() && skip->is_boolean() && skip->get<bool>()) {
    tls = true;
  }
  return {
    Endpoint{parsed.address->normalized, "context " + name + " (" + how + ", " + meta_path + ")", name, tls}, {}, {}};
}

} // namespace

HostParse
parse_host(std::string_view host, bool default_to_tls)
{
  const std::string_view text = trim(host);
  if (text.empty()) {
    return default_to_tls ? parse_tcp(k_default_tls_host, k_default_tls_host.substr(6))
                          : parse_host(default_docker_host(), false);
  }
  std::string_view scheme;
  std::string_view rest;
  if (const auto marker = text.find("://"); marker != std::string_view::npos) {
    scheme = text.substr(0, marker);
    rest = text.substr(marker + 3);
  } else {
    scheme = text.starts_with('/') || text.starts_with("./") ? "unix" : "tcp";
    rest = text;
  }
  if (scheme == "tcp") {
    return parse_tcp(text, rest);
  }
  if (scheme == "unix") {
    return parse_simple(Transport::unix_socket, scheme, rest, k_default_socket);
  }
  if (scheme == "npipe") {
    return parse_simple(Transport::npipe, scheme, rest, k_default_pipe);
  }
  if (scheme == "fd" || scheme == "ssh") {
    HostAddress address;
    address.transport = scheme == "fd" ? Transport::fd : Transport::ssh;
    address.normalized = std::string(text);
    return {address, {}};
  }
  return fail("invalid bind address format: " + std::string(text));
}

EnvLookup
process_environment()
{
  return [](const char* name) { return static_cast<const char*>(std::getenv(name)); };
}

EndpointResolution
resolve_endpoint(const EndpointRequest& request, const EnvLookup& env)
{
  const bool has_context_flag = request.context_flag && !request.context_flag->empty();
  if (has_context_flag && request.host_flag) {
    return {std::nullopt, "conflicting options: cannot specify both --host and --context", {}};
  }
  const auto config = config_dir(request, env);
  std::string name;
  std::string how;
  std::string warning;
  if (has_context_flag) {
    name = *request.context_flag;
    how = "--context";
  } else if (request.host_flag || lookup(env, "DOCKER_HOST") != nullptr) {
    name = k_default_context;
  } else if (const char* from_env = lookup(env, "DOCKER_CONTEXT")) {
    name = from_env;
    how = "DOCKER_CONTEXT";
  } else if (config) {
    const auto config_path = *config + "/config.json";
    nlohmann::json file;
    const auto read = read_json(config_path, file);
    if (read == FileRead::unreadable || (read == FileRead::ok && !file.is_object())) {
      warning = "cannot read " + config_path + " (not valid JSON); docker ignores it too";
    } else if (read == FileRead::ok) {
      const auto current = file.find("currentContext");
      if (current != file.end() && current->is_string() && !current->get<std::string>().empty()) {
        name = current->get<std::string>();
        how = "currentContext in " + config_path;
      }
    }
  }
  auto resolution =
    name.empty() || name == k_default_context ? default_context(request, env) : named_context(name, how, config);
  resolution.warning = warning;
  return resolution;
}

} // namespace sd::admission
