#include "scan/check_text.hpp"
#include "test_scan_support.hpp"

#include <doctest/doctest.h>

using namespace sd::scan;
using sd::scan::test::calls;
using Calls = std::vector<std::string>;

namespace {

// The rule of each finding in a shell text, with the default rules: "LINE:COL RULE".
Calls
blocked(std::string_view text, FileKind kind = FileKind::shell)
{
  Calls out;
  for (const auto& finding : check_text("t", text, kind, test::default_rules(), Warnings::no)) {
    out.push_back(std::to_string(finding.line) + ":" + std::to_string(finding.column) + " " + finding.rule);
  }
  return out;
}

} // namespace

TEST_CASE("scan shell: docker calls and where their docker word is")
{
  CHECK(calls(FileKind::shell, "docker rm -f web\n  docker ps") == Calls{"1:1 docker rm -f web", "2:3 docker ps"});
  CHECK(calls(FileKind::shell, "if docker ps -q; then docker rm -f x; fi")
        == Calls{"1:4 docker ps -q", "1:23 docker rm -f x"});
  CHECK(calls(FileKind::shell, "/usr/bin/docker rm -f x") == Calls{"1:1 /usr/bin/docker rm -f x"});
  CHECK(calls(FileKind::shell, "docker-compose -f a.yml rm -f") == Calls{"1:1 docker-compose -f a.yml rm -f"});
  CHECK(calls(FileKind::shell, "echo \\\n  ok; docker \\\n  rm -f x") == Calls{"2:7 docker rm -f x"});
  CHECK(calls(FileKind::shell, "echo é; docker ps") == Calls{"1:9 docker ps"});
}

TEST_CASE("scan shell: wrappers before docker")
{
  CHECK(calls(FileKind::shell, "sudo -u root -E docker ps") == Calls{"1:17 docker ps"});
  CHECK(calls(FileKind::shell, "sudo --user=root -- docker ps") == Calls{"1:21 docker ps"});
  CHECK(calls(FileKind::shell, "A=1 B=\"x y\" docker ps") == Calls{"1:13 docker ps"});
  CHECK(calls(FileKind::shell, "env -i -u X PATH=/bin docker ps") == Calls{"1:23 docker ps"});
  CHECK(calls(FileKind::shell, "time -p nice -n 5 nohup docker ps") == Calls{"1:25 docker ps"});
  CHECK(calls(FileKind::shell, "exec docker ps") == Calls{"1:6 docker ps"});
  CHECK(calls(FileKind::shell, "command docker ps; command -v docker") == Calls{"1:9 docker ps"});
  CHECK(calls(FileKind::shell, "timeout -s KILL 30 docker ps") == Calls{"1:20 docker ps"});
  CHECK(calls(FileKind::shell, "! docker ps") == Calls{"1:3 docker ps"});
  CHECK(calls(FileKind::shell, "docker ps -q | xargs docker rm -f") == Calls{"1:1 docker ps -q", "1:22 docker rm -f"});
  CHECK(calls(FileKind::shell, "docker ps -q | xargs -r -n 1 -I{} sudo docker rm -f {}")
        == Calls{"1:1 docker ps -q", "1:40 docker rm -f {}"});
  CHECK(calls(FileKind::shell, "xargs -a ids.txt docker rm -f") == Calls{"1:18 docker rm -f"});
}

TEST_CASE("scan shell: what is not a docker call")
{
  CHECK(calls(FileKind::shell, "echo \"docker rm -f x\"").empty());
  CHECK(calls(FileKind::shell, "# docker rm -f x").empty());
  CHECK(calls(FileKind::shell, "grep 'docker rm -f' file").empty());
  CHECK(calls(FileKind::shell, "$DOCKER rm -f x; \"${D}\" rm -f y").empty());
  CHECK(calls(FileKind::shell, "for c in docker rm -f; do :; done").empty());
  CHECK(calls(FileKind::shell, "docker-php-ext-install pdo; dockerd -H x").empty());
  CHECK(calls(FileKind::shell, "cat <<EOF\ndocker rm -f x\nEOF").empty());
  CHECK(calls(FileKind::shell, "bash deploy.sh <<EOF\ndocker rm -f x\nEOF").empty());
}

TEST_CASE("scan shell: shell code inside shell code")
{
  CHECK(calls(FileKind::shell, "bash -c \"docker rm -f x\"") == Calls{"1:10 docker rm -f x"});
  CHECK(calls(FileKind::shell, "sh -ec 'docker ps && docker rm -f y'")
        == Calls{"1:9 docker ps", "1:22 docker rm -f y"});
  CHECK(calls(FileKind::shell, "eval docker rm -f x") == Calls{"1:6 docker rm -f x"});
  CHECK(calls(FileKind::shell, "ssh -i key -p 22 host \"docker rm -f x || true\"") == Calls{"1:24 docker rm -f x"});
  CHECK(calls(FileKind::shell, "ssh host docker ps") == Calls{"1:10 docker ps"});
  CHECK(calls(FileKind::shell, "bash <<EOF\n  docker rm -f x\nEOF\n") == Calls{"2:3 docker rm -f x"});
  CHECK(calls(FileKind::shell, "sudo sh -s -- arg <<'EOF'\ndocker ps\nEOF") == Calls{"2:1 docker ps"});
  CHECK(calls(FileKind::shell, "ssh user@host <<+\ndocker rm -v t\n+\n") == Calls{"2:1 docker rm -v t"});
  CHECK(calls(FileKind::shell, "cat <<EOF | sh\ndocker ps\nEOF") == Calls{"2:1 docker ps"});
  CHECK(calls(FileKind::shell, "echo -e \"docker stop x\\nexit 0\" | bash") == Calls{"1:10 docker stop x"});
  CHECK(calls(FileKind::shell, "echo \"docker stop x\" | grep x").empty());
}

TEST_CASE("scan shell: bats runs commands under `run`")
{
  CHECK(calls(FileKind::bats, "@test \"x\" {\n  run docker rm -f x\n}") == Calls{"2:7 docker rm -f x"});
  CHECK(calls(FileKind::shell, "run docker ps").empty());
}

TEST_CASE("scan shell: the wrapper's grammar decides, so -f meaning follow or file passes")
{
  CHECK(blocked("docker logs -f web\ndocker exec c rm -f x\ndocker build -f Dockerfile .\n"
                "docker compose -f x.yml up\ndocker ps -f status=exited\ndocker-compose -f a.yml logs -f")
          .empty());
  CHECK(blocked("docker rm -f a\ndocker system prune -af\ndocker compose -f x.yml rm -sf\ndocker volume rm -f v")
        == Calls{"1:1 force-rm", "2:1 force-prune", "3:1 force-compose-rm", "4:1 force"});
  CHECK(blocked("docker kill web").empty()); // a warning, off by default
  const auto warned = check_text("t", "docker kill web", FileKind::shell, test::default_rules(), Warnings::yes);
  REQUIRE(warned.size() == 1);
  CHECK(warned[0].level == Level::warning);
  CHECK(warned[0].rule == "kill");
}

TEST_CASE("scan shell: a finding says what, why and instead")
{
  const auto findings = check_text("a.sh", "x=1\n  sudo docker rm -fv $(docker ps -aq) web\n", FileKind::shell,
                                   test::default_rules(), Warnings::no);
  REQUIRE(findings.size() == 1);
  const auto& finding = findings[0];
  CHECK(finding.file == "a.sh");
  CHECK(finding.line == 2);
  CHECK(finding.column == 8);
  CHECK(finding.rule == "force-rm");
  CHECK(finding.token == "-fv");
  CHECK(finding.command == "container rm");
  CHECK(finding.message.starts_with("`docker rm -fv $(docker ps -aq) web` uses -fv: --force kills"));
  CHECK(finding.alternative == "docker stop $(docker ps -aq) web && docker rm -v $(docker ps -aq) web");
  CHECK(finding.argv == std::vector<std::string>{"docker", "rm", "-fv", "$(docker ps -aq)", "web"});
}

TEST_CASE("scan shell: the decision cache finds every key it remembered, past its first growth")
{
  DecisionCache cache;
  const auto key = [](int n) { return "dkey" + std::to_string(n); };
  for (int n = 0; n < 3000; ++n) {
    std::optional<Finding> finding;
    if (n % 3 == 0) {
      finding.emplace();
      finding->rule = "rule" + std::to_string(n);
    }
    CHECK(cache.find(key(n)) == nullptr);
    cache.remember(key(n), finding);
  }
  for (int n = 0; n < 3000; ++n) {
    const auto* known = cache.find(key(n));
    REQUIRE(known != nullptr);
    CHECK(known->has_value() == (n % 3 == 0));
    if (known->has_value()) {
      CHECK((*known)->rule == "rule" + std::to_string(n));
    }
  }
  CHECK(cache.find("dkey3000") == nullptr);
  CHECK(cache.find("") == nullptr);
}

TEST_CASE("scan shell: the decision cache changes nothing but the time")
{
  const std::string_view text =
    "docker rm -f a\ndocker ps\ndocker rm -f a\nx=$(docker rm -f $(docker ps -q))\ndocker rm -f a\n";
  DecisionCache cache;
  const auto plain = check_text("t", text, FileKind::shell, test::default_rules(), Warnings::no);
  const auto cached = check_text("t", text, FileKind::shell, test::default_rules(), Warnings::no, &cache);
  const auto again = check_text("u", text, FileKind::shell, test::default_rules(), Warnings::no, &cache);
  REQUIRE(plain.size() == 4);
  REQUIRE(cached.size() == plain.size());
  REQUIRE(again.size() == plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    CHECK(cached[i].line == plain[i].line);
    CHECK(cached[i].column == plain[i].column);
    CHECK(cached[i].message == plain[i].message);
    CHECK(cached[i].alternative == plain[i].alternative);
    CHECK(again[i].file == "u");
    CHECK(again[i].message == plain[i].message);
  }
}

TEST_CASE("scan shell: an option word with an expansion counts only its literal letters")
{
  // `-${flags}` may or may not hold f: its letters are not read as -f, -o, -r…
  CHECK(blocked("docker rm -${flags} x\ndocker rm -$(opts) x\ndocker rm \"-$f\" x").empty());
  // The letters before the expansion are certain.
  CHECK(blocked("docker rm -f$more x") == Calls{"1:1 force-rm"});
  const auto found = check_text("t", "docker rm -f${v} web", FileKind::shell, test::default_rules(), Warnings::no);
  REQUIRE(found.size() == 1);
  CHECK(found[0].alternative == "docker stop web && docker rm web");
}

TEST_CASE("scan python: an f-string's placeholder is a value known only at run time")
{
  const std::string_view python = "import subprocess\n"
                                  "subprocess.run(['docker', 'rm', f'-{flags}', name])\n"
                                  "subprocess.run(f'docker rm -{flags} x', shell=True)\n"
                                  "subprocess.run(f'docker rm -{flags} x'.split())\n"
                                  "subprocess.run(f'docker rm -f {name}', shell=True)\n"
                                  "subprocess.run(['docker', 'rm', f'-f{{x}}', name])\n";
  CHECK(blocked(python, FileKind::python) == Calls{"5:18 force-rm", "6:18 force-rm"});
}

TEST_CASE("scan shell: a here-string fed to a shell is shell code; fed to anything else, data")
{
  CHECK(blocked("bash <<< \"docker rm -f a\"\ncat <<< 'docker rm -f b'\nssh host <<<'docker rm -f c'\n")
        == Calls{"1:11 force-rm", "3:14 force-rm"});
}
