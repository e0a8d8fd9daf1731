// Volume, network and plugin requests as command lines (daemon/server/router/volume,
// network, plugin).
#include "api/argv_builder.hpp"
#include "api/argv_mappings.hpp"
#include "api/json_body.hpp"
#include "api/prune_argv.hpp"

namespace sd::api {

namespace {

/// connect and disconnect name the container in the body.
CallArgv
network_attachment(const ApiCall& call, std::string_view verb)
{
  ArgvBuilder argv{"network", verb};
  const auto body = read_body(call, argv);
  std::string error;
  const auto container = json_string(body, "Container", error);
  if (verb == "disconnect") {
    argv.force(json_bool(body, "Force", error));
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
  argv.option("timeout", call.form.text("timeout"));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
plugin_pull(const ApiCall& call)
{
  ArgvBuilder argv{"plugin", "install"};
  argv.option("alias", call.form.text("name"));
  argv.positional(call.form.text("remote"));
  return std::move(argv).finish();
}

CallArgv
plugin_create(const ApiCall& call)
{
  ArgvBuilder argv{"plugin", "create"};
  argv.positional(call.form.text("name"));
  argv.positional("-"); // the plugin's rootfs and config come as the body's tar stream
  return std::move(argv).finish();
}

constexpr ArgvMapping k_mappings[] = {
  {"VolumeCreate",
   [](const ApiCall&) {
     return ArgvBuilder{"volume", "create"}.finish();
   }},
  {"VolumePrune", [](const ApiCall& call) { return prune_argv(call, PruneKind::volume); }},
  {"VolumeUpdate",
   [](const ApiCall& call) {
     return on_param({"volume", "update"}, call);
   }},
  {"VolumeDelete",
   [](const ApiCall& call) {
     return forced_on_param({"volume", "rm"}, call);
   }},
  {"NetworkCreate",
   [](const ApiCall&) {
     return ArgvBuilder{"network", "create"}.finish();
   }},
  {"NetworkConnect", [](const ApiCall& call) { return network_attachment(call, "connect"); }},
  {"NetworkDisconnect", [](const ApiCall& call) { return network_attachment(call, "disconnect"); }},
  {"NetworkPrune", [](const ApiCall& call) { return prune_argv(call, PruneKind::network); }},
  {"NetworkDelete",
   [](const ApiCall& call) {
     return on_param({"network", "rm"}, call);
   }},
  {"PluginDelete",
   [](const ApiCall& call) {
     return forced_on_param({"plugin", "rm"}, call);
   }},
  {"PluginEnable", plugin_enable},
  {"PluginDisable",
   [](const ApiCall& call) {
     return forced_on_param({"plugin", "disable"}, call);
   }},
  {"PluginPull", plugin_pull},
  {"PluginPush",
   [](const ApiCall& call) {
     return on_param({"plugin", "push"}, call);
   }},
  {"PluginUpgrade",
   [](const ApiCall& call) {
     return on_param({"plugin", "upgrade"}, call, "remote");
   }},
  {"PluginSet",
   [](const ApiCall& call) {
     return on_param({"plugin", "set"}, call);
   }},
  {"PluginCreate", plugin_create},
};

} // namespace

std::span<const ArgvMapping>
object_mappings()
{
  return k_mappings;
}

} // namespace sd::api
