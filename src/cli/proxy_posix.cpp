#include "admission/daemon_key.hpp"
#include "cli/verb_setup.hpp"
#include "policy/rules_file.hpp"
#include "proxy/metrics_endpoint.hpp"
#include "proxy/server.hpp"
#include "record/audit_record.hpp"
#include "run/admission_settings.hpp"
#include "run/call_daemon.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <cstdio>
#include <grp.h>
#include <memory>
#include <optional>

namespace sd::cli {

namespace {

// "unix:///path" or "unix:/path" → "/path"; a listener is a unix socket only.
std::string
unix_path(const std::string& url, const char* what)
{
  for (const std::string_view prefix : {"unix://", "unix:"}) {
    if (url.starts_with(prefix) && url.size() > prefix.size() && url[prefix.size()] == '/') {
      return url.substr(prefix.size());
    }
  }
  throw Fatal(exit_code::k_usage, std::string(what) + " " + url
                                    + ": the guard listens on a unix socket only (unix:///PATH), whose mode and "
                                      "group say who may use the daemon");
}

} // namespace

VerbRunner
setup_proxy(CLI::App& guard)
{
  struct Options
  {
    std::string listen;
    std::string metrics_listen;
    std::string upstream;
    std::string group;
  };
  auto options = std::make_shared<Options>();
  auto* verb = guard.add_subcommand("proxy", "Guard the Engine API: a socket for SDKs, Testcontainers and Compose, "
                                             "judged by the same rules as the shim");
  verb->add_option("--listen", options->listen,
                   "The socket to listen on, unix:///PATH (mode 0600, 0660 with --group); "
                   "none when systemd passes one (socket activation)");
  verb->add_option("--upstream", options->upstream,
                   "The daemon, unix:///PATH or tcp://HOST:PORT without TLS (default: the endpoint docker would use)");
  verb->add_option("--group", options->group, "Let this group use the socket too (mode 0660)");
  verb->add_option(
    "--metrics-listen", options->metrics_listen,
    "Serve the metrics of guard stats --format openmetrics at http://HOST:PORT/metrics (e.g. 127.0.0.1:9464)");
  return [options](std::span<const std::string_view>) {
    proxy::ListenOptions listen;
    if (proxy::socket_activated()) {
      listen.path.clear(); // the socket unit's; --listen, if given too, is ignored
    } else if (options->listen.empty()) {
      throw Fatal(exit_code::k_usage,
                  "guard proxy: give --listen unix:///PATH, or start it from a systemd socket unit");
    } else {
      listen.path = unix_path(options->listen, "--listen");
    }
    if (!options->group.empty()) {
      const group* entry = ::getgrnam(options->group.c_str());
      if (entry == nullptr) {
        throw Fatal(exit_code::k_usage, "--group " + options->group + ": no such group");
      }
      listen.gid = entry->gr_gid;
      listen.mode = 0660;
    }
    auto config = std::make_shared<proxy::SessionConfig>();
    config->rules = policy::load_rules();
    proxy::UpstreamAddress upstream;
    if (options->upstream.empty()) {
      const auto daemon = run::current_daemon();
      if (!daemon.endpoint) {
        throw Fatal(exit_code::k_usage,
                    "no daemon to forward to: " + daemon.error + "; give --upstream unix:///PATH or tcp://HOST:PORT");
      }
      upstream = proxy::upstream_address(daemon.endpoint->host, daemon.endpoint->tls, "the daemon");
    } else {
      upstream = proxy::upstream_address(options->upstream, false, "--upstream");
    }
    config->upstream = upstream.name;
    config->upstream_path = upstream.path;
    config->upstream_endpoints = upstream.endpoints;
    config->note = [](const std::string& line) { std::fprintf(stderr, "safedocker: proxy: %s\n", line.c_str()); };
    config->daemon = admission::daemon_key(upstream.host);
    // The shim's admission for that daemon: its slots and its breaker, shared with every CLI call.
    run::CallDaemon daemon{config->daemon,
                           admission::Endpoint{upstream.host.normalized, "--upstream", "default", false}, ""};
    config->admission = std::make_shared<proxy::Upstream>(
      run::admission_settings(config->rules.settings), std::move(daemon),
      std::chrono::seconds(config->rules.settings.integer("limits.api_acquire_timeout")));
    const auto audit = record::audit_config(config->rules.settings);
    if (audit.enabled) {
      auto trail = std::make_shared<record::AuditTrail>(audit);
      trail->prepare();
      config->records = std::make_shared<proxy::RecordQueue>(std::move(trail), std::chrono::milliseconds(20));
    }
    std::optional<proxy::MetricsEndpoint> metrics;
    if (!options->metrics_listen.empty()) {
      metrics.emplace(options->metrics_listen, audit, run::admission_settings(config->rules.settings));
      std::fprintf(stderr, "safedocker: proxy: metrics at http://%s/metrics\n", metrics->address().c_str());
    }
    return proxy::run_proxy(listen, config);
  };
}

} // namespace sd::cli
