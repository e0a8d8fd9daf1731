#include "policy/alternative.hpp"
#include "policy/alternative_check.hpp"
#include "policy/decide.hpp"
#include "policy/message.hpp"
#include "policy/rules_file.hpp"
#include "util/shell_words.hpp"

#include <doctest/doctest.h>

using namespace sd;
using namespace sd::policy;

namespace {

struct Call
{
  std::vector<std::string> words;
  grammar::ParsedCommand parsed;
  Decision decision;
  std::string alternative;
};

Call
decide_line(const RuleSet& rules, const std::string& line)
{
  Call call;
  call.words = *util::split_shell_words(line);
  const std::vector<std::string_view> args(call.words.begin() + 1, call.words.end());
  call.parsed = grammar::parse(args, grammar::Face::docker);
  call.decision = decide(rules, call.parsed);
  call.alternative = format_steps(fill_alternative(call.decision, call.parsed, call.words.front()));
  return call;
}

const RuleSet&
defaults()
{
  static const RuleSet rules = parse_rules(builtin_rules_text(), "built-in default");
  return rules;
}

} // namespace

TEST_CASE("decide: the default rules block force and explain the alternative")
{
  const auto call = decide_line(defaults(), "docker rm -fv web db");
  CHECK(call.decision.action == Action::block);
  CHECK(call.decision.rule->id == "force-rm");
  CHECK(call.parsed.args[*call.decision.token] == "-fv");
  CHECK(call.alternative == "docker stop web db && docker rm -v web db");

  CHECK(decide_line(defaults(), "docker rm web -f").alternative == "docker stop web && docker rm web");
  CHECK(decide_line(defaults(), "docker -c prod container remove --force web").alternative
        == "docker -c prod container stop web && docker -c prod container remove web");
  CHECK(decide_line(defaults(), "docker rm -f -- -v").alternative == "docker stop -- -v && docker rm -- -v");
  CHECK(decide_line(defaults(), "docker system prune -af --volumes").alternative == "docker system prune -a --volumes");
  CHECK(decide_line(defaults(), "docker rmi -f img").alternative == "docker rmi img");
  CHECK(decide_line(defaults(), "docker compose -f a.yml rm -sf web").alternative
        == "docker compose -f a.yml stop web && docker compose -f a.yml rm -s web");
  CHECK(decide_line(defaults(), "docker volume rm -f v").decision.rule->id == "force");
  CHECK(decide_line(defaults(), "docker service update --force svc").decision.rule->id == "force-service-update");
  CHECK(decide_line(defaults(), "docker myplugin --force x").decision.action == Action::block);
}

TEST_CASE("decide: kill warns, everything else is allowed")
{
  const auto kill = decide_line(defaults(), "docker kill -s HUP web");
  CHECK(kill.decision.action == Action::warn);
  CHECK(kill.alternative == "docker stop -t 10 web");
  CHECK(decide_line(defaults(), "docker logs -f web").decision.action == Action::allow);
  CHECK(decide_line(defaults(), "docker rm -f --help web").decision.action == Action::allow);
  CHECK(decide_line(defaults(), "docker exec c docker rm -f x").decision.action == Action::allow);
}

TEST_CASE("decide: the message names rule, token, why and alternative")
{
  const auto call = decide_line(defaults(), "docker rm -fv web db");
  const auto text = explain_decision(call.decision, call.parsed, "docker", "built-in default", Attendance::terminal);
  CHECK(text.find("safedocker: blocked: docker rm -fv web db\n") == 0);
  CHECK(text.find("  rule:    force-rm (built-in default:") != std::string::npos);
  CHECK(text.find("  token:   -fv (--force)\n") != std::string::npos);
  CHECK(text.find("  instead: docker stop web db && docker rm -v web db\n") != std::string::npos);
  // No prompt is involved: the same advice where nobody is at a terminal.
  CHECK(explain_decision(call.decision, call.parsed, "docker", "built-in default", Attendance::unattended) == text);
}

TEST_CASE("decide: a prune's advice at a terminal is the prune that asks; unattended, the cleanup that needs no answer")
{
  const auto prune = decide_line(defaults(), "docker image prune -af");
  auto text = explain_decision(prune.decision, prune.parsed, "docker", "built-in default", Attendance::terminal);
  CHECK(text.find("  instead: docker image prune -a\n") != std::string::npos);
  text = explain_decision(prune.decision, prune.parsed, "docker", "built-in default", Attendance::unattended);
  CHECK(text.find("  instead: safedocker guard cleanup (removes exited containers and dangling images older than 24 h")
        != std::string::npos);
  CHECK(text.find("never running containers, volumes or the build cache; no confirmation to answer)\n")
        != std::string::npos);
  // What an alternative names is checked: a safedocker verb must be one it may name.
  const auto rules = parse_rules(R"([[rule]]
id = "p"
commands = ["system prune"]
flags = ["force"]
alternative = "{docker} {command}"
unattended = "safedocker guard nuke"
)",
                                 "r.toml");
  const auto problems = check_alternatives(rules);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("(unattended), `safedocker guard nuke` is not a safedocker verb an alternative can name")
        != std::string::npos);
  CHECK(check_alternatives(defaults()).empty());
}

TEST_CASE("decide: value globs, args and first match")
{
  const auto rules = parse_rules(R"([[rule]]
id = "ok-tmp"
commands = ["container run"]
flags = ["volume=/tmp/*"]
action = "allow"
[[rule]]
id = "socket"
commands = ["container run", "container create"]
flags = ["volume=/var/run/docker.sock*"]
[[rule]]
id = "prod"
commands = ["container stop"]
args = ["prod-*"]
action = "warn"
)",
                                 "r.toml");
  CHECK(decide_line(rules, "docker run -v /var/run/docker.sock:/var/run/docker.sock img").decision.rule->id
        == "socket");
  CHECK(decide_line(rules, "docker run -v /tmp/x:/x -v /var/run/docker.sock:/s img").decision.rule->id == "ok-tmp");
  CHECK(decide_line(rules, "docker run img -v /var/run/docker.sock:/s").decision.rule == nullptr);
  CHECK(decide_line(rules, "docker stop prod-db").decision.action == Action::warn);
  CHECK(decide_line(rules, "docker stop dev-db").decision.action == Action::allow);
}

TEST_CASE("decide: rewrite steps")
{
  const auto rules = parse_rules(R"([[rule]]
id = "rw"
commands = ["container rm"]
flags = ["force"]
action = "rewrite"
grace_seconds = 7
alternative = "{docker} {global} {parent} stop -t {grace} {targets} && {docker} {global} {command} {args}"
)",
                                 "r.toml");
  const auto call = decide_line(rules, "docker rm -fv web db");
  CHECK(call.decision.action == Action::rewrite);
  CHECK(call.alternative == "docker stop -t 7 web db && docker rm -v web db");
}
