#include "run/capture.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <unistd.h>

TEST_CASE("capture: stdout and stderr apart, the exit status, stdin empty")
{
  const auto result = sd::run::run_captured("/bin/sh", {"sh", "-c", "echo out; echo err >&2; cat; exit 3"});
  CHECK(result.status == 3);
  CHECK(result.out == "out\n");
  CHECK(result.err == "err\n");
}

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

TEST_CASE("capture: death by signal is 128+N; a program that cannot start is -1")
{
  CHECK(sd::run::run_captured("/bin/sh", {"sh", "-c", "kill -TERM $$"}).status == 128 + SIGTERM);
  CHECK(sd::run::run_captured("/nonexistent/program", {"program"}).status == -1);
}
