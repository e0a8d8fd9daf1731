#include "api/request_argv.hpp"
#include "policy/decide.hpp"
#include "policy/rules_file.hpp"
#include "test_api_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sd;
using namespace sd::api;
using Strings = std::vector<std::string>;
using sd::test::swagger_routes;
using sd::test::with_params;

namespace {

/// One request through the pure layer: target, route, form, then the command line.
struct Request
{
  std::string method;
  std::string target;
  std::optional<std::string> json;
  std::optional<std::string> form_body;
  CallArgv mapped;

  Request(std::string method_, std::string target_, std::optional<std::string> json_ = std::nullopt,
          std::optional<std::string> form_body_ = std::nullopt)
    : method(std::move(method_)),
      target(std::move(target_)),
      json(std::move(json_)),
      form_body(std::move(form_body_))
  {
    const auto parsed = parse_target(target);
    INFO(target << ": " << parsed.error);
    REQUIRE(parsed.target);
    std::optional<FormValues> body;
    if (form_body) {
      std::string error;
      body = parse_form(*form_body, error);
      REQUIRE(body);
    }
    ApiCall call;
    call.method = method;
    call.match = match_route(method, parsed.target->path);
    call.form = merge_form(parsed.target->query, body);
    REQUIRE(call.match.route != nullptr);
    if (parsed.target->version) {
      call.version = *parsed.target->version;
    }
    if (json) {
      call.json = *json;
    }
    mapped = request_argv(call);
  }
};

Strings
argv_of(std::string method, std::string target, std::optional<std::string> json = std::nullopt)
{
  return Request(std::move(method), std::move(target), std::move(json)).mapped.argv;
}

const policy::RuleSet&
defaults()
{
  static const auto rules = policy::parse_rules(policy::builtin_rules_text(), "built-in default");
  return rules;
}

struct Judged
{
  grammar::ParsedCommand parsed;
  policy::Decision decision;
};

/// The grammar's reading and the default rules' decision for a mapped command line.
Judged
judge(const CallArgv& mapped)
{
  std::vector<std::string_view> args(mapped.argv.begin(), mapped.argv.end());
  Judged judged;
  judged.parsed = grammar::parse(args, grammar::Face::docker);
  judged.decision = policy::decide(defaults(), judged.parsed);
  return judged;
}

std::string
joined(const Strings& argv)
{
  std::string out;
  for (const auto& word : argv) {
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

} // namespace

TEST_CASE("api argv: removals, kills and stops as the CLI would send them")
{
  const Request rm("DELETE", "/containers/x?force=1&v=1");
  CHECK(rm.mapped.argv == Strings{"container", "rm", "--force", "--volumes", "x"});
  CHECK(rm.mapped.container == "x");
  CHECK(rm.mapped.force);
  CHECK(rm.mapped.error.empty());

  const Request plain("DELETE", "/v1.41/containers/x?force=0&v=False&link=1");
  CHECK(plain.mapped.argv == Strings{"container", "rm", "--link", "x"});
  CHECK_FALSE(plain.mapped.force);

  CHECK(argv_of("DELETE", "/images/x?force=1") == Strings{"image", "rm", "--force", "x"});
  CHECK(argv_of("DELETE", "/images/library/busybox:latest?noprune=1&platforms=linux/arm64")
        == Strings{"image", "rm", "--no-prune", "--platform", "linux/arm64", "library/busybox:latest"});
  CHECK(argv_of("DELETE", "/images/-f") == Strings{"image", "rm", "--", "-f"});
  CHECK(argv_of("POST", "/containers/x/kill?signal=HUP") == Strings{"container", "kill", "--signal", "HUP", "x"});
  CHECK(argv_of("POST", "/containers/x/kill") == Strings{"container", "kill", "x"});
  CHECK(argv_of("POST", "/containers/x/stop?t=5") == Strings{"container", "stop", "--time", "5", "x"});
  CHECK(argv_of("POST", "/containers/x/restart?signal=TERM&t=0")
        == Strings{"container", "restart", "--signal", "TERM", "--time", "0", "x"});
  CHECK(Request("POST", "/containers/x/stop").mapped.container == "x");
  CHECK(argv_of("DELETE", "/volumes/v?force=1") == Strings{"volume", "rm", "--force", "v"});
  CHECK(argv_of("DELETE", "/networks/n") == Strings{"network", "rm", "n"});
  CHECK(argv_of("DELETE", "/plugins/vieux/sshfs:latest?force=1")
        == Strings{"plugin", "rm", "--force", "vieux/sshfs:latest"});
  CHECK(argv_of("POST", "/plugins/p/disable?force=1") == Strings{"plugin", "disable", "--force", "p"});
  CHECK(argv_of("DELETE", "/nodes/n?force=1") == Strings{"node", "rm", "--force", "n"});
  CHECK(argv_of("POST", "/swarm/leave?force=1") == Strings{"swarm", "leave", "--force"});
  CHECK(argv_of("DELETE", "/services/s") == Strings{"service", "rm", "s"});
  CHECK(argv_of("DELETE", "/secrets/s") == Strings{"secret", "rm", "s"});
  CHECK(argv_of("DELETE", "/configs/c") == Strings{"config", "rm", "c"});
  CHECK(argv_of("DELETE", "/containers/c/checkpoints/cp?dir=/d")
        == Strings{"checkpoint", "rm", "--checkpoint-dir", "/d", "c", "cp"});
}

TEST_CASE("api argv: force from a form body, and from JSON bodies")
{
  const Request form("POST", "/swarm/leave?force=0", std::nullopt, "force=1");
  CHECK(form.mapped.argv == Strings{"swarm", "leave", "--force"});

  const Request disconnect("POST", "/networks/n/disconnect", R"({"Container":"c","Force":true})");
  CHECK(disconnect.mapped.argv == Strings{"network", "disconnect", "--force", "n", "c"});
  CHECK(disconnect.mapped.container == "c");
  CHECK(argv_of("POST", "/networks/n/disconnect", R"({"container":"c","force":false})")
        == Strings{"network", "disconnect", "n", "c"});
  CHECK(argv_of("POST", "/networks/n/disconnect") == Strings{"network", "disconnect", "n", ""});

  CHECK(argv_of("POST", "/services/s/update", R"({"TaskTemplate":{"ForceUpdate":3}})")
        == Strings{"service", "update", "--force", "s"});
  CHECK(argv_of("POST", "/services/s/update", R"({"TaskTemplate":{"ForceUpdate":0}})")
        == Strings{"service", "update", "s"});
  CHECK(argv_of("POST", "/services/s/update?rollback=previous", "{}")
        == Strings{"service", "update", "--rollback", "s"});

  const Request init("POST", "/swarm/init", R"({"ForceNewCluster":true})");
  CHECK(init.mapped.argv == Strings{"swarm", "init", "--force-new-cluster"});
  CHECK(init.mapped.force);
  const Request rotate("POST", "/swarm/update?version=7", R"({"CAConfig":{"ForceRotate":1}})");
  CHECK(rotate.mapped.argv == Strings{"swarm", "ca", "--rotate"});
  CHECK(rotate.mapped.force);
  CHECK(argv_of("POST", "/swarm/update?rotateWorkerToken=1", "{}")
        == Strings{"swarm", "join-token", "--rotate", "worker"});
  CHECK(argv_of("POST", "/swarm/update", "{}") == Strings{"swarm", "update"});
  CHECK(argv_of("POST", "/swarm/update?rotateWorkerToken=f", "{}") == Strings{"swarm", "update"});
}

TEST_CASE("api argv: a body the daemon would read otherwise is refused")
{
  CHECK(Request("POST", "/networks/n/disconnect", "{").mapped.error == "invalid JSON in the body");
  CHECK(Request("POST", "/networks/n/disconnect", R"({"Force":false,"force":true})").mapped.error.find("twice")
        != std::string::npos);
  CHECK(Request("POST", "/networks/n/disconnect", R"({"Force":false,"FORCE":true})").mapped.error.find("twice")
        != std::string::npos);
  CHECK(Request("POST", "/networks/n/disconnect", R"({"Force":"true"})").mapped.error.find("Force")
        != std::string::npos);
  CHECK(Request("POST", "/networks/n/disconnect", "[]").mapped.error == "the body is not a JSON object");
  CHECK(Request("POST", "/networks/n/disconnect", "{} {}").mapped.error == "invalid JSON in the body");
  CHECK(Request("POST", "/services/s/update", R"({"TaskTemplate":{"ForceUpdate":-1}})").mapped.error.find("ForceUpdate")
        != std::string::npos);
  // Go matches "Taſk" (U+017F) to TaskTemplate; so does the guard.
  CHECK(argv_of("POST", "/services/s/update", "{\"Ta\xC5\xBFkTemplate\":{\"forceupdate\":1}}")
        == Strings{"service", "update", "--force", "s"});
  CHECK(Request("POST", "/networks/n/disconnect", "null").mapped.error.empty());
}

TEST_CASE("api argv: prunes are forced, the API never asks")
{
  CHECK(argv_of("POST", "/containers/prune") == Strings{"container", "prune", "--force"});
  CHECK(argv_of("POST", "/networks/prune") == Strings{"network", "prune", "--force"});
  CHECK(argv_of("POST", "/images/prune") == Strings{"image", "prune", "--force"});
  CHECK(argv_of("POST", "/images/prune?filters=%7B%22dangling%22%3A%7B%22false%22%3Atrue%7D%7D")
        == Strings{"image", "prune", "--force", "--all"});
  CHECK(argv_of("POST", "/containers/prune?filters=%7B%22until%22%3A%5B%2224h%22%5D%7D")
        == Strings{"container", "prune", "--force", "--filter", "until=24h"});
  CHECK(argv_of("POST", "/volumes/prune") == Strings{"volume", "prune", "--force"});
  CHECK(argv_of("POST", "/v1.41/volumes/prune") == Strings{"volume", "prune", "--force", "--all"});
  CHECK(argv_of("POST", "/v1.42/volumes/prune") == Strings{"volume", "prune", "--force"});
  CHECK(argv_of("POST", "/volumes/prune?filters=%7B%22all%22%3A%5B%22true%22%5D%7D")
        == Strings{"volume", "prune", "--force", "--all"});
  CHECK(argv_of("POST", "/build/prune?all=1&reserved-space=1GB")
        == Strings{"buildx", "prune", "--force", "--reserved-space", "1GB", "--all"});
  CHECK(Request("POST", "/containers/prune?filters=nope").mapped.error == "malformed filters in the query");
  for (const auto* target :
       {"/containers/prune", "/images/prune", "/networks/prune", "/volumes/prune", "/build/prune"}) {
    const Request prune("POST", target);
    INFO(target);
    CHECK(prune.mapped.force);
    const auto judged = judge(prune.mapped);
    CHECK(judged.parsed.errors.empty());
    REQUIRE(judged.decision.rule != nullptr);
    CHECK(judged.decision.rule->id == "force-prune");
  }
}

TEST_CASE("api argv: reads map to nothing, every mutation to a command the grammar parses")
{
  CHECK(argv_of("GET", "/containers/x/json").empty());
  CHECK(argv_of("GET", "/events").empty());
  CHECK(argv_of("POST", "/containers/x/attach").empty());
  for (const auto& route : all_routes()) {
    if (route.traffic != Traffic::mutate) {
      continue;
    }
    const auto path = with_params(route.pattern);
    const auto mapped = Request(std::string(route.method), path,
                                route.body == BodyUse::json ? std::optional<std::string>("{}") : std::nullopt)
                          .mapped;
    INFO(route.method << " " << route.pattern << " → " << joined(mapped.argv));
    CHECK(mapped.error.empty());
    const bool no_command =
      route.operation == "SecretUpdate" || route.operation == "ConfigUpdate" || route.pattern == "/build/cancel";
    CHECK(mapped.argv.empty() == no_command);
    if (!mapped.argv.empty()) {
      const auto judged = judge(mapped);
      CHECK(judged.parsed.kind == grammar::CommandKind::known);
      CHECK(judged.parsed.errors.empty());
    }
  }
}

TEST_CASE("api argv: every delete or force of the swagger file, judged as the shim judges it")
{
  int checked = 0;
  for (const auto& route : swagger_routes()) {
    const bool has_force = std::find(route.query.begin(), route.query.end(), "force") != route.query.end();
    const auto match = match_route(route.method, with_params(route.path));
    REQUIRE(match.route != nullptr);
    if (match.route->traffic != Traffic::mutate || (route.method != "DELETE" && !has_force)) {
      continue;
    }
    ++checked;
    const auto base = with_params(route.path);
    const Request plain(route.method, base + "?force=0");
    INFO(route.method << " " << base << " → " << joined(plain.mapped.argv));
    const auto plain_judged = judge(plain.mapped);
    CHECK(plain_judged.parsed.errors.empty());
    CHECK(plain_judged.decision.action != policy::Action::block);
    CHECK_FALSE(plain.mapped.force);
    if (has_force) {
      const Request forced(route.method, base + "?force=1");
      INFO("forced → " << joined(forced.mapped.argv));
      const auto judged = judge(forced.mapped);
      CHECK(judged.parsed.errors.empty());
      CHECK(judged.decision.action == policy::Action::block);
      CHECK(forced.mapped.force);
    }
  }
  CHECK(checked
        == 11); // containers, images, volumes, networks, plugins (2), nodes, services, secrets, configs, swarm leave

  // Forces in the body: blocked as `network disconnect -f` and `service update --force` are.
  CHECK(judge(Request("POST", "/networks/n/disconnect", R"({"Container":"c","Force":true})").mapped).decision.action
        == policy::Action::block);
  CHECK(judge(Request("POST", "/services/s/update", R"({"TaskTemplate":{"ForceUpdate":1}})").mapped).decision.rule->id
        == "force-service-update");
  // `swarm init --force-new-cluster` and `swarm ca --rotate`: the default rules let the shim
  // run them, and so the API too.
  CHECK(judge(Request("POST", "/swarm/init", R"({"ForceNewCluster":true})").mapped).decision.action
        != policy::Action::block);
}

TEST_CASE("api argv: creations carry what rules look at")
{
  const Request create("POST", "/containers/create?name=web",
                       R"({"Image":"nginx","HostConfig":{"Privileged":true,"Binds":["/var/run/docker.sock:/s"]}})");
  CHECK(
    create.mapped.argv
    == Strings{"container", "create", "--name", "web", "--privileged", "--volume", "/var/run/docker.sock:/s", "nginx"});
  CHECK(argv_of("POST", "/containers/x/exec", R"({"Cmd":["sh","-c","id"],"Privileged":true})")
        == Strings{"container", "exec", "--privileged", "--", "x", "sh", "-c", "id"});
  CHECK(argv_of("POST", "/images/create?fromImage=alpine&tag=3.20") == Strings{"image", "pull", "alpine:3.20"});
  CHECK(argv_of("POST", "/images/create?fromImage=alpine&tag=sha256:abc")
        == Strings{"image", "pull", "alpine@sha256:abc"});
  CHECK(argv_of("POST", "/images/create?fromSrc=-&repo=r") == Strings{"image", "import", "--", "-", "r"});
  CHECK(argv_of("POST", "/build?t=a&t=b&forcerm=1")
        == Strings{"image", "build", "--tag", "a", "--tag", "b", "--force-rm", "--", "-"});
  CHECK(argv_of("POST", "/commit?container=c&repo=r&tag=t&pause=0")
        == Strings{"container", "commit", "--pause=false", "c", "r:t"});
}
