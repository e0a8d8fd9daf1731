#include "policy/rules_file.hpp"
#include "proxy/judge.hpp"
#include "util/fatal.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace sd;
using proxy::RequestHead;
using proxy::Verdict;

namespace {

const policy::RuleSet&
default_rules()
{
  static const auto rules = policy::parse_rules(policy::builtin_rules_text(), "built-in default");
  return rules;
}

Verdict
judged(std::string_view method, std::string_view target, std::optional<std::string_view> body = std::nullopt,
       std::string_view content_type = "")
{
  return proxy::judge(default_rules(), RequestHead{method, target, content_type}, body);
}

} // namespace

TEST_CASE("proxy judge: what the daemon could read differently is refused with 400, never passed on")
{
  for (const auto* target : {"/v1.41/containers/../containers/x/json", "//containers/x/json", "/containers/a%2Fb/json",
                             "/containers/x/json#f", "containers/x/json", "/containers/x?force=1;v=1"}) {
    INFO(target);
    const auto verdict = judged("GET", target);
    CHECK(verdict.action == Verdict::Action::deny);
    CHECK(verdict.status == 400);
    CHECK(verdict.decision == "refused");
    CHECK(verdict.message.starts_with("safedocker: refused an ambiguous request target ("));
  }
}

TEST_CASE("proxy judge: reads pass; an endpoint it does not know passes only when it reads")
{
  CHECK(judged("GET", "/v1.41/containers/json?all=1").action == Verdict::Action::forward);
  CHECK(judged("GET", "/_ping").argv.empty());
  CHECK(judged("GET", "/v1.99/brand-new/thing").action == Verdict::Action::forward);
  const auto unknown = judged("POST", "/v1.99/brand-new/thing");
  CHECK(unknown.action == Verdict::Action::deny);
  CHECK(unknown.status == 403);
  CHECK(unknown.message
        == "safedocker: POST /brand-new/thing is not an Engine API endpoint safedocker knows; it was not passed on");
}

TEST_CASE("proxy judge: a forced removal is blocked by the shim's rule, and marked for judging its effect")
{
  const auto forced = judged("DELETE", "/v1.41/containers/web?force=1&v=1");
  CHECK(forced.action == Verdict::Action::deny);
  CHECK(forced.status == 403);
  CHECK(forced.rule == "force-rm");
  CHECK(forced.argv == std::vector<std::string>{"docker", "container", "rm", "--force", "--volumes", "web"});
  CHECK(
    forced.message.starts_with("safedocker: blocked by rule force-rm: docker container rm --force --volumes web: "));
  CHECK(forced.message.ends_with("; instead: docker container stop web && docker container rm --volumes web"));
  REQUIRE(forced.graceful_container);
  CHECK(*forced.graceful_container == "web");
  CHECK(forced.grace_seconds == 10);

  SUBCASE("the daemon's reading of force: the first value, anything but 0, no, false, none and empty")
  {
    CHECK(judged("DELETE", "/containers/web?force=0&force=1").action == Verdict::Action::forward);
    CHECK(judged("DELETE", "/containers/web?force=%74rue").rule == "force-rm");
    CHECK(judged("DELETE", "/containers/web?force=yes").rule == "force-rm");
    CHECK(judged("DELETE", "/containers/web?force=").action == Verdict::Action::forward);
    CHECK(judged("DELETE", "/containers/web?force=None").action == Verdict::Action::forward);
  }
  SUBCASE("without force it is the daemon's to answer")
  {
    const auto plain = judged("DELETE", "/containers/web");
    CHECK(plain.action == Verdict::Action::forward);
    CHECK(plain.argv == std::vector<std::string>{"docker", "container", "rm", "web"});
    CHECK_FALSE(plain.graceful_container);
  }
}

TEST_CASE("proxy judge: prunes and forced image removals are denied readably, with no effect to judge")
{
  const auto prune = judged("POST", "/v1.41/containers/prune");
  CHECK(prune.action == Verdict::Action::deny);
  CHECK(prune.rule == "force-prune");
  CHECK_FALSE(prune.graceful_container);
  const auto rmi = judged("DELETE", "/images/busybox:latest?force=1");
  CHECK(rmi.rule == "force-rmi");
  CHECK_FALSE(rmi.graceful_container);
}

TEST_CASE("proxy judge: a form body is read before deciding, and counts as the daemon counts it")
{
  CHECK(proxy::needs_body({"POST", "/containers/prune", "application/x-www-form-urlencoded; charset=utf-8"}));
  CHECK_FALSE(proxy::needs_body({"GET", "/containers/json", "application/x-www-form-urlencoded"}));
  CHECK(proxy::needs_body({"POST", "/networks/n/disconnect", "application/json"})); // reads Force from JSON
  CHECK_FALSE(proxy::needs_body({"POST", "/containers/x/start", ""}));
  const auto bad = judged("POST", "/containers/x/stop", "t=%zz", "application/x-www-form-urlencoded");
  CHECK(bad.status == 400);
  CHECK(bad.message.starts_with("safedocker: refused a form body the daemon could read differently: "));
  const auto disconnect =
    judged("POST", "/networks/n/disconnect", R"({"Container":"c","Force":true})", "application/json");
  CHECK(disconnect.action == Verdict::Action::deny);
  CHECK(disconnect.argv == std::vector<std::string>{"docker", "network", "disconnect", "--force", "n", "c"});
}

TEST_CASE("proxy judge: a multipart body on a request that changes something is refused")
{
  const auto build = judged("POST", "/v1.41/build?t=x", std::nullopt, " Multipart/Form-Data; boundary=x");
  CHECK(build.action == Verdict::Action::deny);
  CHECK(build.status == 400);
  CHECK(build.message.starts_with("safedocker: refused a multipart/form-data body"));
  CHECK(judged("POST", "/v1.41/build?t=x", std::nullopt, "application/x-tar").action == Verdict::Action::forward);
}

TEST_CASE("proxy judge: the error body is dockerd's shape, one JSON object with a message")
{
  const auto body = proxy::error_body("safedocker: \"quoted\"\n");
  CHECK(body.ends_with("\n"));
  CHECK(nlohmann::json::parse(body) == nlohmann::json{{"message", "safedocker: \"quoted\"\n"}});
}

TEST_CASE("proxy judge: a rule with api_running = \"deny\" refuses a forced removal whatever the container's state")
{
  const auto rules = policy::parse_rules("version = 1\n"
                                         "[[rule]]\n"
                                         "id = \"no-force-rm\"\n"
                                         "commands = [\"container rm\"]\n"
                                         "flags = [\"force\"]\n"
                                         "action = \"block\"\n"
                                         "api_running = \"deny\"\n",
                                         "rules.toml");
  REQUIRE(rules.rules.size() == 1);
  CHECK(rules.rules[0].api_running == policy::ApiRunning::deny);
  const auto verdict = proxy::judge(rules, RequestHead{"DELETE", "/containers/web?force=1", ""}, std::nullopt);
  CHECK(verdict.action == Verdict::Action::deny);
  CHECK(verdict.rule == "no-force-rm");
  CHECK_FALSE(verdict.graceful_container); // no effect to judge: refused

  try {
    policy::parse_rules("version = 1\n[[rule]]\nid = \"x\"\ncommands = [\"container rm\"]\napi_running = \"kill\"\n",
                        "rules.toml");
    FAIL("a bad api_running was accepted");
  } catch (const Fatal& error) {
    CHECK(std::string(error.what()) == "rules.toml:5:15: api_running \"kill\" is not one of stop, deny");
  }
}
