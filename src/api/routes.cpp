// The Engine API's routes as dockerd registers them (moby b985e23, API 1.56:
// daemon/command/daemon.go buildRouters and each daemon/server/router/*/ file), in the same
// order: gorilla/mux takes the first route whose path and method match.
#include "api/routes.hpp"

#include "api/route_pattern.hpp"

#include <iterator>

namespace sd::api {

namespace {

using enum Traffic;
constexpr auto k_json = BodyUse::json;
constexpr auto k_none = BodyUse::none;

// clang-format off
constexpr Route k_routes[] = {
  // checkpoint (experimental; first, or the container DELETE would mask its DELETE)
  {"GET", "/containers/{name:.*}/checkpoints", "", read, k_none},
  {"POST", "/containers/{name:.*}/checkpoints", "", mutate, k_json},
  {"DELETE", "/containers/{name}/checkpoints/{checkpoint}", "", mutate, k_none},
  // container
  {"HEAD", "/containers/{name:.*}/archive", "ContainerArchiveInfo", read, k_none},
  {"GET", "/containers/json", "ContainerList", read, k_none},
  {"GET", "/containers/{name:.*}/export", "ContainerExport", read, k_none},
  {"GET", "/containers/{name:.*}/changes", "ContainerChanges", read, k_none},
  {"GET", "/containers/{name:.*}/json", "ContainerInspect", read, k_none},
  {"GET", "/containers/{name:.*}/top", "ContainerTop", read, k_none},
  {"GET", "/containers/{name:.*}/logs", "ContainerLogs", read, k_none},
  {"GET", "/containers/{name:.*}/stats", "ContainerStats", read, k_none},
  {"GET", "/containers/{name:.*}/attach/ws", "ContainerAttachWebsocket", hijack, k_none},
  {"GET", "/exec/{id:.*}/json", "ExecInspect", read, k_none},
  {"GET", "/containers/{name:.*}/archive", "ContainerArchive", read, k_none},
  {"POST", "/containers/create", "ContainerCreate", mutate, k_json},
  {"POST", "/containers/{name:.*}/kill", "ContainerKill", mutate, k_none},
  {"POST", "/containers/{name:.*}/pause", "ContainerPause", mutate, k_none},
  {"POST", "/containers/{name:.*}/unpause", "ContainerUnpause", mutate, k_none},
  {"POST", "/containers/{name:.*}/restart", "ContainerRestart", mutate, k_none},
  {"POST", "/containers/{name:.*}/start", "ContainerStart", mutate, k_none},
  {"POST", "/containers/{name:.*}/stop", "ContainerStop", mutate, k_none},
  {"POST", "/containers/{name:.*}/wait", "ContainerWait", read, k_none}, // a long poll
  // A terminal's size, sent again on every window change of `run -it`: no slot to wait for.
  {"POST", "/containers/{name:.*}/resize", "ContainerResize", read, k_none},
  {"POST", "/containers/{name:.*}/attach", "ContainerAttach", hijack, k_none},
  {"POST", "/containers/{name:.*}/exec", "ContainerExec", mutate, k_json},
  {"POST", "/exec/{name:.*}/start", "ExecStart", hijack, k_none},
  {"POST", "/exec/{name:.*}/resize", "ExecResize", read, k_none},
  {"POST", "/containers/{name:.*}/rename", "ContainerRename", mutate, k_none},
  {"POST", "/containers/{name:.*}/update", "ContainerUpdate", mutate, k_none},
  {"POST", "/containers/prune", "ContainerPrune", mutate, k_none},
  {"POST", "/commit", "ImageCommit", mutate, k_none},
  {"PUT", "/containers/{name:.*}/archive", "PutContainerArchive", mutate, k_none},
  {"DELETE", "/containers/{name:.*}", "ContainerDelete", mutate, k_none},
  // image
  {"GET", "/images/json", "ImageList", read, k_none},
  {"GET", "/images/search", "ImageSearch", read, k_none},
  {"GET", "/images/get", "ImageGetAll", read, k_none},
  {"GET", "/images/{name:.*}/get", "ImageGet", read, k_none},
  {"GET", "/images/{name:.*}/history", "ImageHistory", read, k_none},
  {"GET", "/images/{name:.*}/json", "ImageInspect", read, k_none},
  {"GET", "/images/{name:.*}/attestations", "ImageAttestations", read, k_none},
  {"POST", "/images/load", "ImageLoad", mutate, k_none},
  {"POST", "/images/create", "ImageCreate", mutate, k_none},
  {"POST", "/images/{name:.*}/push", "ImagePush", mutate, k_none},
  {"POST", "/images/{name:.*}/tag", "ImageTag", mutate, k_none},
  {"POST", "/images/prune", "ImagePrune", mutate, k_none},
  {"DELETE", "/images/{name:.*}", "ImageDelete", mutate, k_none},
  // system
  {"OPTIONS", "/{anyroute:.*}", "", read, k_none},
  {"GET", "/_ping", "SystemPing", read, k_none},
  {"HEAD", "/_ping", "SystemPingHead", read, k_none},
  {"GET", "/events", "SystemEvents", read, k_none},
  {"GET", "/info", "SystemInfo", read, k_none},
  {"GET", "/version", "SystemVersion", read, k_none},
  {"GET", "/system/df", "SystemDataUsage", read, k_none},
  {"POST", "/auth", "SystemAuth", read, k_none}, // checks credentials; the engine keeps nothing
  // volume
  {"GET", "/volumes", "VolumeList", read, k_none},
  {"GET", "/volumes/{name:.*}", "VolumeInspect", read, k_none},
  {"POST", "/volumes/create", "VolumeCreate", mutate, k_none},
  {"POST", "/volumes/prune", "VolumePrune", mutate, k_none},
  {"PUT", "/volumes/{name:.*}", "VolumeUpdate", mutate, k_none},
  {"DELETE", "/volumes/{name:.*}", "VolumeDelete", mutate, k_none},
  // build
  {"POST", "/build", "ImageBuild", mutate, k_none},
  {"POST", "/build/prune", "BuildPrune", mutate, k_none},
  {"POST", "/build/cancel", "", mutate, k_none},
  // session (BuildKit, upgraded to h2c)
  {"POST", "/session", "Session", hijack, k_none},
  // swarm
  {"POST", "/swarm/init", "SwarmInit", mutate, k_json},
  {"POST", "/swarm/join", "SwarmJoin", mutate, k_none},
  {"POST", "/swarm/leave", "SwarmLeave", mutate, k_none},
  {"GET", "/swarm", "SwarmInspect", read, k_none},
  {"GET", "/swarm/unlockkey", "SwarmUnlockkey", read, k_none},
  {"POST", "/swarm/update", "SwarmUpdate", mutate, k_json},
  {"POST", "/swarm/unlock", "SwarmUnlock", mutate, k_none},
  {"GET", "/services", "ServiceList", read, k_none},
  {"GET", "/services/{id}", "ServiceInspect", read, k_none},
  {"POST", "/services/create", "ServiceCreate", mutate, k_none},
  {"POST", "/services/{id}/update", "ServiceUpdate", mutate, k_json},
  {"DELETE", "/services/{id}", "ServiceDelete", mutate, k_none},
  {"GET", "/services/{id}/logs", "ServiceLogs", read, k_none},
  {"GET", "/nodes", "NodeList", read, k_none},
  {"GET", "/nodes/{id}", "NodeInspect", read, k_none},
  {"DELETE", "/nodes/{id}", "NodeDelete", mutate, k_none},
  {"POST", "/nodes/{id}/update", "NodeUpdate", mutate, k_none},
  {"GET", "/tasks", "TaskList", read, k_none},
  {"GET", "/tasks/{id}", "TaskInspect", read, k_none},
  {"GET", "/tasks/{id}/logs", "TaskLogs", read, k_none},
  {"GET", "/secrets", "SecretList", read, k_none},
  {"POST", "/secrets/create", "SecretCreate", mutate, k_none},
  {"DELETE", "/secrets/{id}", "SecretDelete", mutate, k_none},
  {"GET", "/secrets/{id}", "SecretInspect", read, k_none},
  {"POST", "/secrets/{id}/update", "SecretUpdate", mutate, k_none},
  {"GET", "/configs", "ConfigList", read, k_none},
  {"POST", "/configs/create", "ConfigCreate", mutate, k_none},
  {"DELETE", "/configs/{id}", "ConfigDelete", mutate, k_none},
  {"GET", "/configs/{id}", "ConfigInspect", read, k_none},
  {"POST", "/configs/{id}/update", "ConfigUpdate", mutate, k_none},
  // plugin
  {"GET", "/plugins", "PluginList", read, k_none},
  {"GET", "/plugins/{name:.*}/json", "PluginInspect", read, k_none},
  {"GET", "/plugins/privileges", "GetPluginPrivileges", read, k_none},
  {"DELETE", "/plugins/{name:.*}", "PluginDelete", mutate, k_none},
  {"POST", "/plugins/{name:.*}/enable", "PluginEnable", mutate, k_none},
  {"POST", "/plugins/{name:.*}/disable", "PluginDisable", mutate, k_none},
  {"POST", "/plugins/pull", "PluginPull", mutate, k_none},
  {"POST", "/plugins/{name:.*}/push", "PluginPush", mutate, k_none},
  {"POST", "/plugins/{name:.*}/upgrade", "PluginUpgrade", mutate, k_none},
  {"POST", "/plugins/{name:.*}/set", "PluginSet", mutate, k_none},
  {"POST", "/plugins/create", "PluginCreate", mutate, k_none},
  // distribution
  {"GET", "/distribution/{name:.*}/json", "DistributionInspect", read, k_none},
  // network
  {"GET", "/networks", "NetworkList", read, k_none},
  {"GET", "/networks/", "", read, k_none},
  {"GET", "/networks/{id:.+}", "NetworkInspect", read, k_none},
  {"POST", "/networks/create", "NetworkCreate", mutate, k_none},
  {"POST", "/networks/{id:.*}/connect", "NetworkConnect", mutate, k_json},
  {"POST", "/networks/{id:.*}/disconnect", "NetworkDisconnect", mutate, k_json},
  {"POST", "/networks/prune", "NetworkPrune", mutate, k_none},
  {"DELETE", "/networks/{id:.*}", "NetworkDelete", mutate, k_none},
  // debug
  {"GET", "/debug/vars", "", read, k_none},
  {"GET", "/debug/pprof/", "", read, k_none},
  {"GET", "/debug/pprof/cmdline", "", read, k_none},
  {"GET", "/debug/pprof/profile", "", read, k_none},
  {"GET", "/debug/pprof/symbol", "", read, k_none},
  {"GET", "/debug/pprof/trace", "", read, k_none},
  {"GET", "/debug/pprof/{name}", "", read, k_none},
  // grpc (BuildKit, upgraded to h2c; registered when the builder is)
  {"POST", "/grpc", "", hijack, k_none},
};
// clang-format on
static_assert(std::size(k_routes) == 122, "a route was added or removed: update tests/data/engine-api-routes.txt");

} // namespace

std::span<const Route>
all_routes()
{
  return k_routes;
}

RouteMatch
match_route(std::string_view method, std::string_view path)
{
  RouteMatch match;
  for (const auto& route : k_routes) {
    if (route.method == method && match_pattern(route.pattern, path, match.params)) {
      match.route = &route;
      return match;
    }
  }
  match.params.clear();
  return match;
}

} // namespace sd::api
