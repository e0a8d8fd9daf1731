#include "grammar/parser.hpp"
#include "util/shell_words.hpp"

#include <doctest/doctest.h>

using namespace sd::grammar;

namespace {

// Parses a shell-quoted line without the program name.
struct Parsed
{
  std::vector<std::string> words;
  ParsedCommand command;
};

Parsed
parse_line(const std::string& line, Face face = Face::docker)
{
  Parsed out;
  out.words = *sd::util::split_shell_words(line);
  const std::vector<std::string_view> args(out.words.begin(), out.words.end());
  out.command = parse(args, face);
  return out;
}

bool
forced(const std::string& line, Face face = Face::docker)
{
  return parse_line(line, face).command.is_set("force");
}

std::string
value_of(const std::string& line, std::string_view flag)
{
  const auto parsed = parse_line(line);
  const auto* use = parsed.command.last(flag);
  return use != nullptr ? use->value : "<unset>";
}

std::vector<std::string>
container_command(const std::string& line, Face face = Face::docker)
{
  const auto parsed = parse_line(line, face);
  std::vector<std::string> out;
  if (parsed.command.container_command) {
    for (auto i = *parsed.command.container_command; i < parsed.words.size(); ++i) {
      out.push_back(parsed.words[i]);
    }
  }
  return out;
}

} // namespace

TEST_CASE("pflag: clustered short booleans")
{
  CHECK(forced("rm -fv web"));
  CHECK(forced("rm -vf web"));
  CHECK(forced("rm -lf web"));
  CHECK(forced("rm -vfl web"));
  CHECK(forced("system prune -af"));
  CHECK(value_of("rm -fv web", "volumes") == "true");
}

TEST_CASE("pflag: attached and separate values")
{
  CHECK(value_of("stop -t10 web", "timeout") == "10");
  CHECK(value_of("stop --time=10 web", "time") == "10");
  CHECK(value_of("stop -t 10 web", "timeout") == "10");
  CHECK(value_of("stop -t=10 web", "timeout") == "10");
  CHECK(value_of("ps -afstatus=exited", "filter") == "status=exited");
  CHECK(value_of("ps -af status=exited", "filter") == "status=exited");
  CHECK(value_of("logs --tail -f web", "tail") == "-f");
  CHECK_FALSE(parse_line("logs --tail -f web").command.is_set("follow"));
  CHECK(value_of("container prune --filter -f", "filter") == "-f");
  CHECK_FALSE(forced("container prune --filter -f"));
}

TEST_CASE("pflag: boolean values, last one wins")
{
  CHECK_FALSE(forced("rm --force=false web"));
  CHECK_FALSE(forced("rm -f=false web"));
  CHECK_FALSE(forced("rm --force=0 web"));
  CHECK(forced("rm -f=1 web"));
  CHECK(forced("rm -f=t web"));
  CHECK(forced("rm --force=TRUE web"));
  CHECK_FALSE(forced("rm -f --force=false web"));
  CHECK(forced("rm --force=false -f web"));
  // A boolean never takes the next token: `false` is a container name.
  const auto separate = parse_line("rm --force false web");
  CHECK(separate.command.is_set("force"));
  CHECK(separate.command.positionals.size() == 2);
  // An invalid boolean is a docker error; read cautiously as true.
  const auto invalid = parse_line("rm -f=yes web");
  CHECK(invalid.command.is_set("force"));
  CHECK_FALSE(invalid.command.errors.empty());
}

TEST_CASE("pflag: -- ends flags")
{
  CHECK_FALSE(forced("rm -- -f"));
  CHECK(forced("rm -f -- -v"));
  CHECK(parse_line("rm -f -- -v").command.positionals.size() == 1);
  CHECK(forced("-- rm -f web"));
}

TEST_CASE("pflag: flags after positionals on interspersed commands")
{
  CHECK(forced("rm web -f"));
  CHECK(forced("image rm img --force"));
  CHECK(forced("container rm web db -vf"));
  CHECK(forced("network rm net -f"));
}

TEST_CASE("global flags are skipped with their values")
{
  for (const auto* line : {"-c prod rm -f x", "-Dc prod rm -f x", "-cprod rm -f x", "-H=tcp://h:2375 rm -f x",
                           "--context=prod container rm x --force", "--config /tmp/cfg rm -f x", "-l debug rm -f x",
                           "--tlscacert ca.pem --tlsverify rm -f x", "--log-level=warn rm -f x"}) {
    INFO(line);
    const auto parsed = parse_line(line);
    CHECK(parsed.command.path == "container rm");
    CHECK(parsed.command.is_set("force"));
  }
  CHECK(parse_line("-c prod rm -f x").command.global_flags.front().value == "prod");
  CHECK(parse_line("--version").command.kind == CommandKind::none);
  CHECK(parse_line("").command.kind == CommandKind::none);
}

TEST_CASE("command paths resolve through aliases")
{
  CHECK(parse_line("container remove -f x").command.path == "container rm");
  CHECK(parse_line("image remove --force img").command.path == "image rm");
  CHECK(parse_line("rmi img").command.path == "image rm");
  CHECK(parse_line("images -f dangling=true").command.path == "image ls");
  CHECK(parse_line("builder prune -af").command.path == "buildx prune");
  CHECK(parse_line("build -f Dockerfile .").command.path == "image build");
  CHECK(parse_line("stack --orchestrator swarm rm s").command.path == "stack rm");
  CHECK(parse_line("buildx --builder b prune -f").command.path == "buildx prune");
  CHECK(forced("buildx --builder b prune -f"));
  CHECK(parse_line("buildx history inspect attachment ref").command.path == "buildx history inspect attachment");
}

TEST_CASE("-f with other meanings is never force")
{
  CHECK_FALSE(forced("logs -f web"));
  CHECK(parse_line("logs -ft web").command.is_set("follow"));
  CHECK_FALSE(forced("ps -a -f status=exited"));
  CHECK_FALSE(forced("inspect -f '{{.Id}}' web"));
  CHECK_FALSE(forced("build -f Dockerfile ."));
  CHECK_FALSE(forced("events -f type=container"));
  CHECK_FALSE(forced("compose -f a.yml up -d"));
  CHECK_FALSE(forced("compose logs -f"));
  CHECK_FALSE(forced("build --force-rm -t x ."));
  CHECK_FALSE(forced("compose up --force-recreate"));
  CHECK_FALSE(forced("swarm init --force-new-cluster"));
}

TEST_CASE("the container's own command is not docker's")
{
  CHECK(container_command("exec c rm -f /tmp/x") == std::vector<std::string>{"rm", "-f", "/tmp/x"});
  CHECK(container_command("exec -u root -w /tmp c rm -f /tmp/x") == std::vector<std::string>{"rm", "-f", "/tmp/x"});
  CHECK(container_command("run --rm -v /a:/b alpine rm -f /x") == std::vector<std::string>{"rm", "-f", "/x"});
  CHECK(container_command("run -h myhost alpine rm -f /x") == std::vector<std::string>{"rm", "-f", "/x"});
  CHECK(container_command("run -a stdout img rm -f x") == std::vector<std::string>{"rm", "-f", "x"});
  CHECK(container_command("exec c docker rm -f x") == std::vector<std::string>{"docker", "rm", "-f", "x"});
  CHECK(container_command("compose run --rm web rm -f x") == std::vector<std::string>{"rm", "-f", "x"});
  CHECK(container_command("compose -f a.yml exec -u root web rm -f x") == std::vector<std::string>{"rm", "-f", "x"});
  CHECK(container_command("service create --name s img rm -f x") == std::vector<std::string>{"rm", "-f", "x"});
  CHECK_FALSE(forced("exec c rm -f /tmp/x"));
  CHECK_FALSE(forced("top c -f"));
  CHECK(container_command("run img").empty());
}

TEST_CASE("compose and docker-compose")
{
  CHECK(forced("compose rm -f"));
  CHECK(forced("compose rm web -f"));
  CHECK(forced("compose -f a.yml -p proj rm -sf web"));
  CHECK_FALSE(forced("compose -f a.yml rm"));
  CHECK(forced("--context x compose rm -f"));
  CHECK(forced("compose --dry-run rm -f"));
  CHECK(forced("compose rm --dry-run -f"));
  CHECK(forced("-f a.yml rm -f", Face::docker_compose));
  CHECK(forced("--verbose rm --force", Face::docker_compose));
  CHECK_FALSE(forced("-f a.yml up -d", Face::docker_compose));
  const auto standalone = parse_line("-H tcp://h:1 -f a.yml rm -f", Face::docker_compose);
  CHECK(standalone.command.path == "compose rm");
  REQUIRE(standalone.command.global_flags.size() == 1);
  CHECK(standalone.command.global_flags.front().name == "host");
}

TEST_CASE("the model plugin (Docker Model Runner)")
{
  CHECK(forced("model rm -f ai/smollm2"));
  CHECK(forced("model rm ai/smollm2 --force"));
  CHECK(forced("-H unix:///x.sock model purge -f"));
  CHECK(forced("model skills --claude -f"));
  CHECK_FALSE(forced("model rm ai/smollm2"));
  CHECK_FALSE(forced("model logs -f"));
  CHECK_FALSE(forced("model requests -f --model ai/smollm2"));
  // run's prompt and launch's app arguments after -- are not the plugin's flags.
  CHECK_FALSE(forced("model run ai/smollm2 -- rm -f x"));
  CHECK_FALSE(forced("model launch claude -- --force"));
  CHECK(parse_line("model ls -q").command.path == "model list");
  CHECK(parse_line("model stop ai/smollm2").command.path == "model unload");
  CHECK(parse_line("model context remove c").command.path == "model context rm");
  // --think always takes a value; flags of configure may precede its subcommand.
  CHECK(value_of("model config --think true ai/smollm2", "think") == "true");
  CHECK(parse_line("model configure --context-size 8 show").command.path == "model configure show");
  CHECK(value_of("model compose --project-name p up --model m", "project-name") == "p");
  CHECK_FALSE(parse_line("model").command.executes());
  CHECK_FALSE(parse_line("model rm -f --help").command.executes());
}

TEST_CASE("calls docker never executes")
{
  CHECK_FALSE(parse_line("rm -f --help x").command.executes());
  CHECK_FALSE(parse_line("help rm").command.executes());
  CHECK_FALSE(parse_line("__complete rm -f ''").command.executes());
  CHECK_FALSE(parse_line("container").command.executes());
  CHECK(parse_line("rm --help=false -f x").command.executes());
  // -h is --hostname in run, so it does not mean help there.
  CHECK(parse_line("run -h host img").command.executes());
  CHECK(parse_line("run img --help").command.executes());
}

TEST_CASE("unknown commands are read conservatively")
{
  const auto plugin = parse_line("myplugin --force x");
  CHECK(plugin.command.kind == CommandKind::unknown);
  CHECK(plugin.command.is_set("force"));
  CHECK_FALSE(forced("myplugin -f x"));
  CHECK_FALSE(forced("myplugin -- --force"));
  CHECK(forced("image purge --force=true"));
  CHECK(parse_line("image purge x").command.kind == CommandKind::unknown);
}

TEST_CASE("flag errors are reported and parsing goes on")
{
  const auto unknown = parse_line("rm --newflag -f web");
  CHECK_FALSE(unknown.command.errors.empty());
  CHECK(unknown.command.is_set("force"));
  CHECK_FALSE(parse_line("run -f alpine").command.errors.empty());
  CHECK_FALSE(parse_line("rm -D x").command.errors.empty());
  CHECK_FALSE(parse_line("logs --tail").command.errors.empty());
}

#include "grammar/command_class.hpp"

TEST_CASE("command classes: who takes a slot, who may retry")
{
  const auto klass = [](const std::string& line) { return class_name(classify(parse_line(line).command)); };
  CHECK(klass("logs -f web") == "streaming");
  CHECK(klass("logs web") == "daemon");
  CHECK(klass("events") == "streaming");
  CHECK(klass("stats") == "streaming");
  CHECK(klass("stats --no-stream") == "daemon");
  CHECK(klass("wait web") == "streaming");
  CHECK(klass("compose up") == "streaming");
  CHECK(klass("compose up -d") == "daemon");
  CHECK(klass("run -it img sh") == "interactive");
  CHECK(klass("run --rm img make test") == "daemon");
  CHECK(klass("exec -it web sh") == "interactive");
  CHECK(klass("attach web") == "interactive");
  CHECK(klass("compose exec web sh") == "interactive");
  CHECK(klass("version") == "client");
  CHECK(klass("context use prod") == "client");
  CHECK(klass("login -u me") == "client");
  CHECK(klass("rm --help") == "client");
  CHECK(klass("ps") == "daemon");
  CHECK(klass("myplugin x") == "daemon");
  CHECK(klass("model run ai/smollm2") == "interactive");
  CHECK(klass("model run ai/smollm2 hello") == "daemon");
  CHECK(klass("model run -d ai/smollm2") == "daemon");
  CHECK(klass("model logs -f") == "streaming");
  CHECK(klass("model requests --follow") == "streaming");
  CHECK(klass("model version") == "client");
  CHECK(klass("model context ls") == "client");
  CHECK(klass("model ls") == "daemon");
  const auto retry = [](const std::string& line) { return is_retryable(parse_line(line).command); };
  CHECK(retry("pull busybox"));
  CHECK(retry("ps -a"));
  CHECK(retry("image inspect img"));
  CHECK(retry("logs web"));
  CHECK_FALSE(retry("logs -f web"));
  CHECK_FALSE(retry("run img"));
  CHECK_FALSE(retry("rm web"));
  CHECK_FALSE(retry("build ."));
  CHECK_FALSE(retry("myplugin ls"));
}
