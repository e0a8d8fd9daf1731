#include "admission/breaker_record.hpp"
#include "policy/rule.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace sd;

namespace {

// Runs `name_it` in a child process; returns its stderr, and whether SIGABRT ended it.
std::pair<std::string, bool>
in_child(const std::function<void()>& name_it)
{
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(fds[1], STDERR_FILENO);
    name_it();
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string err;
  char buffer[256];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) {
    err.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return {err, WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT};
}

} // namespace

TEST_CASE("a value outside its enumeration is said and aborts, never named as another value")
{
  CHECK(admission::breaker_state_name(admission::BreakerState::half_open) == "half-open");
  const auto [err, aborted] =
    in_child([] { (void)admission::breaker_state_name(static_cast<admission::BreakerState>(7)); });
  CHECK(aborted);
  CHECK(err.find("internal error: BreakerState has no value 7") != std::string::npos);
  const auto [action_err, action_aborted] = in_child([] { (void)policy::action_name(static_cast<policy::Action>(9)); });
  CHECK(action_aborted);
  CHECK(action_err.find("Action has no value 9") != std::string::npos);
}
