// Volume, network and plugin requests as command lines (daemon/server/router/volume,
// network, plugin).
#include "api/argv_builder.hpp"
#include "api/argv_mappings.hpp"
#include "api/json_body.hpp"
#include "api/prune_filters.hpp"

namespace sd::api {

namespace {

/// Below API 1.42 a volume prune removes named volumes too (the daemon adds all=true).
bool
prunes_named_volumes(const ApiCall& call)
{
  return call.version && version_below(*call.version, 1, 42);
}

CallArgv
volume_prune(const ApiCall& call)
{
  ArgvBuilder argv{"volume", "prune"};
  argv.force(true); // the API never asks for confirmation
  if (prunes_named_volumes(call)) {
    argv.flag("all");
  }
  add_prune_filters(argv, PruneKind::volume, call.form.get("filters"));
  return std::move(argv).finish();
}

CallArgv
network_prune(const ApiCall& call)
{
  ArgvBuilder argv{"network", "prune"};
  argv.force(true);
  add_prune_filters(argv, PruneKind::network, call.form.get("filters"));
  return std::move(argv).finish();
}

/// connect and disconnect name the container in the body.
CallArgv
network_attachment(const ApiCall& call, std::string_view verb)
{
  ArgvBuilder argv{"network", verb};
  auto body = parse_json_body(call.json);
  argv.error(body.error);
  std::string error;
  const auto container = json_string(body.value, "Container", error);
  if (verb == "disconnect") {
    argv.force(json_bool(body.value, "Force", error));
    argv.container(container);
  }
  argv.error(error);
  argv.positional(path_param(call, 0));
  argv.positional(container);
  return std::move(argv).finish();
}

CallArgv
plugin_enable(const ApiCall& call)
{
  ArgvBuilder argv{"plugin", "enable"};
  argv.option("timeout", call.form.get("timeout"));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
plugin_pull(const ApiCall& call)
{
  ArgvBuilder argv{"plugin", "install"};
  argv.option("alias", call.form.get("name"));
  argv.positional(call.form.get("remote").value_or(""));
  return std::move(argv).finish();
}

CallArgv
plugin_upgrade(const ApiCall& call)
{
  ArgvBuilder argv{"plugin", "upgrade"};
  argv.positional(path_param(call, 0));
  argv.positional(call.form.get("remote").value_or(""));
  return std::move(argv).finish();
}

CallArgv
plugin_create(const ApiCall& call)
{
  ArgvBuilder argv{"plugin", "create"};
  argv.positional(call.form.get("name").value_or(""));
  argv.positional("-"); // the plugin's rootfs and config come as the body's tar stream
  return std::move(argv).finish();
}

constexpr ArgvMapping k_mappings[] = {
  {"VolumeCreate", [](const ApiCall&) { return ArgvBuilder{"volume", "create"}.finish(); }},
  {"VolumePrune", volume_prune},
  {"VolumeUpdate", [](const ApiCall& call) { return on_param({"volume", "update"}, call); }},
  {"VolumeDelete", [](const ApiCall& call) { return forced_on_param({"volume", "rm"}, call); }},
  {"NetworkCreate", [](const ApiCall&) { return ArgvBuilder{"network", "create"}.finish(); }},
  {"NetworkConnect", [](const ApiCall& call) { return network_attachment(call, "connect"); }},
  {"NetworkDisconnect", [](const ApiCall& call) { return network_attachment(call, "disconnect"); }},
  {"NetworkPrune", network_prune},
  {"NetworkDelete", [](const ApiCall& call) { return on_param({"network", "rm"}, call); }},
  {"PluginDelete", [](const ApiCall& call) { return forced_on_param({"plugin", "rm"}, call); }},
  {"PluginEnable", plugin_enable},
  {"PluginDisable", [](const ApiCall& call) { return forced_on_param({"plugin", "disable"}, call); }},
  {"PluginPull", plugin_pull},
  {"PluginPush", [](const ApiCall& call) { return on_param({"plugin", "push"}, call); }},
  {"PluginUpgrade", plugin_upgrade},
  {"PluginSet", [](const ApiCall& call) { return on_param({"plugin", "set"}, call); }},
  {"PluginCreate", plugin_create},
};

} // namespace

std::span<const ArgvMapping>
object_mappings()
{
  return k_mappings;
}

} // namespace sd::api
