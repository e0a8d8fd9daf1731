#include "run/call_daemon.hpp"

#include "admission/daemon_key.hpp"

namespace sd::run {

namespace {

std::string
global_value(const grammar::ParsedCommand& parsed, std::string_view name)
{
  for (auto it = parsed.global_flags.rbegin(); it != parsed.global_flags.rend(); ++it) {
    if (it->name == name) {
      return it->value;
    }
  }
  return {};
}

CallDaemon
resolved(const admission::EndpointRequest& request)
{
  auto resolution = admission::resolve_endpoint(request, admission::process_environment());
  CallDaemon out;
  if (!resolution.endpoint) {
    out.key = std::string(k_unresolved_daemon);
    out.error = std::move(resolution.error);
    return out;
  }
  out.key = admission::daemon_key(resolution.endpoint->host);
  out.endpoint = std::move(resolution.endpoint);
  return out;
}

} // namespace

CallDaemon
daemon_of_call(const grammar::ParsedCommand& parsed)
{
  admission::EndpointRequest request;
  if (auto host = global_value(parsed, "host"); !host.empty()) {
    request.host_flag = host;
  }
  if (auto context = global_value(parsed, "context"); !context.empty()) {
    request.context_flag = context;
  }
  if (auto config = global_value(parsed, "config"); !config.empty()) {
    request.config_dir_flag = config;
  }
  request.tls = !global_value(parsed, "tls").empty() || !global_value(parsed, "tlsverify").empty();
  return resolved(request);
}

CallDaemon
current_daemon()
{
  return resolved({});
}

} // namespace sd::run
