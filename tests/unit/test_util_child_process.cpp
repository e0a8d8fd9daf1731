#include "test_roles.hpp"
#include "util/child_process.hpp"
#include "util/environment.hpp"
#include "util/file_reading.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace sd;

namespace {

std::string
hex_lines(const std::vector<std::string>& args)
{
  std::string out;
  for (const auto& arg : args) {
    for (const char c : arg) {
      char pair[3];
      std::snprintf(pair, sizeof pair, "%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += pair;
    }
    out += '\n';
  }
  return out;
}

// What docker.exe would print: each argument after the program name as hex, one per line. On
// Windows the stand-in is a Go program (tests/windows/fake_docker.go), so the arguments are
// split from the command line by Go's own rules, as docker.exe's are.
SD_TEST_ROLE("print-args", [](const std::vector<std::string>& args) {
  std::fputs(hex_lines(args).c_str(), stdout);
  return 0;
});

#ifdef SD_FAKE_DOCKER
// Where the stand-in is: as built (under wine), or SD_FAKE_DOCKER_EXE (a Windows runner).
std::string
fake_docker()
{
  const char* moved = std::getenv("SD_FAKE_DOCKER_EXE");
  return moved != nullptr && *moved != '\0' ? moved : SD_FAKE_DOCKER;
}
#endif

std::vector<std::string>
docker_argv(const std::vector<std::string>& args)
{
#ifdef SD_FAKE_DOCKER
  std::vector<std::string> argv{fake_docker()};
#else
  std::vector<std::string> argv = testing::role_argv("print-args", {});
#endif
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// Arguments a careless quoting loses or changes.
const std::vector<std::vector<std::string>> k_tricky = {
  {"run", "--rm", "busybox", "echo", "plain"},
  {"", "a b", "", ""},
  {"quote\"inside", "\"", "\"\"", "\"a b\""},
  {"trail\\", "two\\\\", "\\\\server\\share\\", "C:\\Program Files\\Docker\\"},
  {"back\\\\\"slash", "\\\"", "a\\\\\\\"b", "\\"},
  {"tab\there", " leading", "trailing "},
  {"$(rm -f x); |& `id` %PATH% ^& !x!", "--label=a=b c", "-e", "X=\"y\""},
  {"caf\xC3\xA9 \xE2\x98\x83 \xE6\x97\xA5\xE6\x9C\xAC", "\xC3\xBCn\xC3\xAF\\\"c\xC3\xB8"
                                                        "de\\"},
};

} // namespace

TEST_CASE("a child receives exactly the arguments it is given")
{
#if defined(_WIN32) && !defined(SD_FAKE_DOCKER)
  FAIL("the Go stand-in for docker.exe was not built (install golang-go and configure again)");
#endif
  for (const auto& args : k_tricky) {
    util::ChildSpec spec;
    spec.argv = docker_argv(args);
    spec.path = spec.argv.front();
    spec.out = util::ChildStream::pipe;
    const auto child = util::start_child(spec);
    REQUIRE(child.pid > 0);
    const std::string printed = util::read_until_end(child.out_fd);
    CHECK(util::wait_child(child.pid) == 0);
    CHECK(printed == hex_lines(args));
  }
}

SD_TEST_ROLE("exit-with", [](const std::vector<std::string>& args) { return std::stoi(args.at(0)); });

TEST_CASE("a child's exit status comes back whole")
{
  for (const int status : {0, 1, 125, 200, 255}) {
    util::ChildSpec spec;
#ifdef SD_FAKE_DOCKER
    util::set_environment("FAKE_DOCKER_EXIT", std::to_string(status));
    spec.argv = {fake_docker()};
    spec.out = util::ChildStream::null;
#else
    spec.argv = testing::role_argv("exit-with", {std::to_string(status)});
#endif
    spec.path = spec.argv.front();
    const auto child = util::start_child(spec);
    REQUIRE(child.pid > 0);
    CHECK(util::wait_child(child.pid) == status);
  }
  util::unset_environment("FAKE_DOCKER_EXIT");
}

TEST_CASE("a program that is not there is not started")
{
  util::ChildSpec spec;
  spec.argv = {"no-such-program-of-safedocker"};
  spec.path = testing::self_path() + ".missing";
  CHECK(util::start_child(spec).pid == -1);
}
