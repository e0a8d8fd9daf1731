// Container, exec and checkpoint requests as command lines (daemon/server/router/container,
// checkpoint: which form values and body fields each handler reads).
#include "api/argv_builder.hpp"
#include "api/argv_mappings.hpp"
#include "api/json_body.hpp"
#include "api/prune_argv.hpp"

namespace sd::api {

namespace {

/// The HostConfig fields rules look at: privileges, host mounts and namespaces.
void
add_host_config(ArgvBuilder& argv, const nlohmann::json& host, std::string& error)
{
  argv.flag("privileged", json_bool(host, "Privileged", error));
  argv.options("volume", json_strings(host, "Binds", error));
  argv.options("cap-add", json_strings(host, "CapAdd", error));
  argv.option("network", json_string(host, "NetworkMode", error));
  argv.option("pid", json_string(host, "PidMode", error));
  argv.option("ipc", json_string(host, "IpcMode", error));
  argv.option("userns", json_string(host, "UsernsMode", error));
  if (const auto* mounts = json_member(host, "Mounts"); mounts != nullptr && mounts->is_array()) {
    for (const auto& mount : *mounts) {
      const auto type = json_string(mount, "Type", error);
      const auto source = json_string(mount, "Source", error);
      const auto target = json_string(mount, "Target", error);
      argv.option("mount", "type=" + type + ",source=" + source + ",target=" + target);
    }
  }
}

CallArgv
create(const ApiCall& call)
{
  ArgvBuilder argv{"container", "create"};
  const auto body = read_body(call, argv);
  std::string error;
  argv.option("name", call.form.text("name"));
  argv.option("platform", call.form.text("platform"));
  if (const auto* host = json_member(body, "HostConfig"); host != nullptr) {
    add_host_config(argv, *host, error);
  }
  argv.option("user", json_string(body, "User", error));
  argv.positional(json_string(body, "Image", error));
  argv.error(error);
  return std::move(argv).finish();
}

/// stop and restart: `t` seconds, then `signal`, as the handlers read them.
CallArgv
stop_or_restart(const ApiCall& call, std::string_view verb)
{
  ArgvBuilder argv{"container", verb};
  argv.option("signal", call.form.text("signal"));
  argv.option("time", call.form.text("t"));
  argv.container(path_param(call, 0));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
stop(const ApiCall& call)
{
  return stop_or_restart(call, "stop");
}

CallArgv
restart(const ApiCall& call)
{
  return stop_or_restart(call, "restart");
}

CallArgv
kill(const ApiCall& call)
{
  ArgvBuilder argv{"container", "kill"};
  argv.option("signal", call.form.text("signal")); // absent: SIGKILL, as with the CLI
  argv.container(path_param(call, 0));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
remove(const ApiCall& call)
{
  ArgvBuilder argv{"container", "rm"};
  argv.force(form_bool(call.form.get("force")));
  argv.flag("volumes", form_bool(call.form.get("v")));
  argv.flag("link", form_bool(call.form.get("link")));
  argv.container(path_param(call, 0));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
start(const ApiCall& call)
{
  ArgvBuilder argv{"container", "start"};
  argv.option("checkpoint", call.form.text("checkpoint"));
  argv.option("checkpoint-dir", call.form.text("checkpoint-dir"));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

CallArgv
exec_create(const ApiCall& call)
{
  ArgvBuilder argv{"container", "exec"};
  const auto body = read_body(call, argv);
  std::string error;
  argv.flag("privileged", json_bool(body, "Privileged", error));
  argv.flag("interactive", json_bool(body, "AttachStdin", error));
  argv.flag("tty", json_bool(body, "Tty", error));
  argv.option("user", json_string(body, "User", error));
  argv.option("workdir", json_string(body, "WorkingDir", error));
  argv.options("env", json_strings(body, "Env", error));
  argv.positional(path_param(call, 0));
  for (const auto& word : json_strings(body, "Cmd", error)) {
    argv.positional(word);
  }
  argv.error(error);
  return std::move(argv).finish();
}

CallArgv
put_archive(const ApiCall& call)
{
  ArgvBuilder argv{"container", "cp"};
  argv.flag("archive", form_bool(call.form.get("copyUIDGID")));
  argv.positional("-"); // the tar stream of the body
  argv.positional(std::string(path_param(call, 0)) + ":" + std::string(call.form.text("path")));
  return std::move(argv).finish();
}

CallArgv
commit(const ApiCall& call)
{
  ArgvBuilder argv{"container", "commit"};
  argv.option("author", call.form.text("author"));
  argv.option("message", call.form.text("comment"));
  argv.options("change", call.form.all("changes"));
  if (call.form.has("pause") && !form_bool(call.form.get("pause"))) {
    argv.flag("pause=false");
  }
  argv.positional(call.form.text("container"));
  if (const auto repo = call.form.text("repo"); !repo.empty()) {
    argv.positional(reference(repo, call.form.text("tag")));
  }
  return std::move(argv).finish();
}

CallArgv
checkpoint_create(const ApiCall& call)
{
  ArgvBuilder argv{"checkpoint", "create"};
  const auto body = read_body(call, argv);
  std::string error;
  argv.option("checkpoint-dir", json_string(body, "CheckpointDir", error));
  argv.flag("leave-running", !json_bool(body, "Exit", error));
  argv.positional(path_param(call, 0));
  argv.positional(json_string(body, "CheckpointID", error));
  argv.error(error);
  return std::move(argv).finish();
}

CallArgv
checkpoint_remove(const ApiCall& call)
{
  ArgvBuilder argv{"checkpoint", "rm"};
  argv.option("checkpoint-dir", call.form.text("dir"));
  argv.positional(path_param(call, 0));
  argv.positional(path_param(call, 1));
  return std::move(argv).finish();
}

constexpr ArgvMapping k_mappings[] = {
  {"ContainerCreate", create},
  {"ContainerKill", kill},
  {"ContainerPause",
   [](const ApiCall& call) {
     return on_param({"container", "pause"}, call);
   }},
  {"ContainerUnpause",
   [](const ApiCall& call) {
     return on_param({"container", "unpause"}, call);
   }},
  {"ContainerRestart", restart},
  {"ContainerStart", start},
  {"ContainerStop", stop},
  {"ContainerExec", exec_create},
  {"ContainerRename",
   [](const ApiCall& call) {
     return on_param({"container", "rename"}, call, "name");
   }},
  {"ContainerUpdate",
   [](const ApiCall& call) {
     return on_param({"container", "update"}, call);
   }},
  {"ContainerPrune", [](const ApiCall& call) { return prune_argv(call, PruneKind::container); }},
  {"ImageCommit", commit},
  {"PutContainerArchive", put_archive},
  {"ContainerDelete", remove},
  {"POST /containers/{name:.*}/checkpoints", checkpoint_create},
  {"DELETE /containers/{name}/checkpoints/{checkpoint}", checkpoint_remove},
};

} // namespace

std::span<const ArgvMapping>
container_mappings()
{
  return k_mappings;
}

} // namespace sd::api
