// Swarm, service, node, secret and config requests as command lines
// (daemon/server/router/swarm).
#include "api/argv_builder.hpp"
#include "api/argv_mappings.hpp"
#include "api/json_body.hpp"
#include "grammar/parser.hpp"

namespace sd::api {

namespace {

CallArgv
swarm_init(const ApiCall& call)
{
  ArgvBuilder argv{"swarm", "init"};
  const auto body = read_body(call, argv);
  std::string error;
  const bool new_cluster = json_bool(body, "ForceNewCluster", error);
  argv.flag("force-new-cluster", new_cluster);
  argv.forcing(new_cluster);
  argv.error(error);
  return std::move(argv).finish();
}

/// The rotate flags are read from the query with strconv.ParseBool ("f" is false, "yes" an
/// error), not with the form rule.
bool
query_flag(const ApiCall& call, std::string_view key)
{
  return grammar::parse_bool(call.form.text(key)) == true;
}

/// One update request can rotate the CA, the join tokens and the unlock key, or change the
/// spec; the CLI sends each as its own command. The most drastic one present is the argv.
CallArgv
swarm_update(const ApiCall& call)
{
  auto body = parse_json_body(call.json);
  std::string error;
  const auto* ca = json_member(body.value, "CAConfig");
  const bool rotate_ca = ca != nullptr && json_unsigned(*ca, "ForceRotate", error) != 0;
  const auto build = [&]() -> ArgvBuilder {
    if (rotate_ca) {
      return ArgvBuilder{"swarm", "ca", "--rotate"};
    }
    if (query_flag(call, "rotateManagerToken")) {
      return ArgvBuilder{"swarm", "join-token", "--rotate", "manager"};
    }
    if (query_flag(call, "rotateWorkerToken")) {
      return ArgvBuilder{"swarm", "join-token", "--rotate", "worker"};
    }
    if (query_flag(call, "rotateManagerUnlockKey")) {
      return ArgvBuilder{"swarm", "unlock-key", "--rotate"};
    }
    return ArgvBuilder{"swarm", "update"};
  };
  ArgvBuilder argv = build();
  argv.forcing(rotate_ca); // ForceRotate: a new CA although nothing in it changed
  argv.error(body.error);
  argv.error(error);
  return std::move(argv).finish();
}

/// TaskTemplate.ForceUpdate is a counter the CLI raises by one for `--force`; any value other
/// than 0 is read as a forced update (the value before the request is not known here).
CallArgv
service_update(const ApiCall& call)
{
  ArgvBuilder argv{"service", "update"};
  const auto body = read_body(call, argv);
  std::string error;
  const auto* task = json_member(body, "TaskTemplate");
  if (task != nullptr) {
    argv.force(json_unsigned(*task, "ForceUpdate", error) != 0);
  }
  argv.error(error);
  argv.flag("rollback", call.form.get("rollback") == "previous");
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

/// Secret and config updates change only labels; no CLI command sends them.
CallArgv
no_command(const ApiCall& /*call*/)
{
  return {};
}

constexpr ArgvMapping k_mappings[] = {
  {"SwarmInit", swarm_init},
  {"SwarmJoin",
   [](const ApiCall&) {
     return ArgvBuilder{"swarm", "join"}.finish();
   }},
  {"SwarmLeave",
   [](const ApiCall& call) {
     ArgvBuilder argv{"swarm", "leave"};
     argv.force(form_bool(call.form.get("force")));
     return std::move(argv).finish();
   }},
  {"SwarmUpdate", swarm_update},
  {"SwarmUnlock",
   [](const ApiCall&) {
     return ArgvBuilder{"swarm", "unlock"}.finish();
   }},
  {"ServiceCreate",
   [](const ApiCall&) {
     return ArgvBuilder{"service", "create"}.finish();
   }},
  {"ServiceUpdate", service_update},
  {"ServiceDelete",
   [](const ApiCall& call) {
     return on_param({"service", "rm"}, call);
   }},
  {"NodeDelete",
   [](const ApiCall& call) {
     return forced_on_param({"node", "rm"}, call);
   }},
  {"NodeUpdate",
   [](const ApiCall& call) {
     return on_param({"node", "update"}, call);
   }},
  {"SecretCreate",
   [](const ApiCall&) {
     return ArgvBuilder{"secret", "create"}.finish();
   }},
  {"SecretDelete",
   [](const ApiCall& call) {
     return on_param({"secret", "rm"}, call);
   }},
  {"SecretUpdate", no_command},
  {"ConfigCreate",
   [](const ApiCall&) {
     return ArgvBuilder{"config", "create"}.finish();
   }},
  {"ConfigDelete",
   [](const ApiCall& call) {
     return on_param({"config", "rm"}, call);
   }},
  {"ConfigUpdate", no_command},
};

} // namespace

std::span<const ArgvMapping>
swarm_mappings()
{
  return k_mappings;
}

} // namespace sd::api
