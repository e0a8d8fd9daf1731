#include "run/capture.hpp"
#include "test_roles.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#ifndef _WIN32
#include <csignal>
#include <unistd.h>
#endif

namespace {

// Says "out" on stdout and "err" on stderr, reads stdin to its end, exits 3.
SD_TEST_ROLE("capture-me", [](const std::vector<std::string>&) {
  std::fputs("out\n", stdout);
  std::fputs("err\n", stderr);
  char c = 0;
  while (sd::testing::read_some(0, &c)) {
  }
  return 3;
});

// `text` without carriage returns (a Windows program's text mode writes "\r\n").
std::string
lines(std::string text)
{
  std::erase(text, '\r');
  return text;
}

} // namespace

TEST_CASE("capture: stdout and stderr apart, the exit status, stdin empty")
{
  const auto argv = sd::testing::role_argv("capture-me", {});
  const auto result = sd::run::run_captured(argv.front(), argv);
  CHECK(result.status == 3);
  CHECK(lines(result.out) == "out\n");
  CHECK(lines(result.err) == "err\n");
}

TEST_CASE("capture: a program that cannot start is -1")
{
  CHECK(sd::run::run_captured("/nonexistent/program", {"program"}).status == -1);
}

#ifndef _WIN32 // process groups and signals: POSIX systems

TEST_CASE("capture: the child has a process group of its own, so a terminal's Ctrl-C never reaches it")
{
  const auto result = sd::run::run_captured(
    "/bin/sh", {"sh", "-c", "echo $$; ps -o pgid= -p $$ 2>/dev/null || cut -d' ' -f5 /proc/$$/stat"});
  const auto newline = result.out.find('\n');
  REQUIRE(newline != std::string::npos);
  const auto pid = std::stol(result.out.substr(0, newline));
  const auto pgid = std::stol(result.out.substr(newline + 1));
  CHECK(pgid == pid);
  CHECK(pgid != static_cast<long>(::getpgrp()));
}

TEST_CASE("capture: death by signal is 128+N")
{
  CHECK(sd::run::run_captured("/bin/sh", {"sh", "-c", "kill -TERM $$"}).status == 128 + SIGTERM);
}
#endif
