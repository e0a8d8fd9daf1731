#pragma once

// Child processes of the unit tests, as roles of the test binary itself: a test starts
// `sd_unit --role NAME ARGS…` (util::start_child with self_path()), which works alike on POSIX
// systems and on Windows, where there is no fork.

#include "util/child_process.hpp"

#include <string>
#include <vector>

namespace sd::testing {

using Role = int (*)(const std::vector<std::string>& args);

/// Registers `role` under `name` (at static initialisation: SD_TEST_ROLE).
struct RoleRegistration
{
  RoleRegistration(const char* name, Role role);
};

/// Runs the role `name` with its arguments; 97 when there is no such role.
int run_role(const char* name, int argc, char** argv);

/// The test binary's own path.
std::string self_path();

/// The argv to start role `name` with `args`.
std::vector<std::string> role_argv(const std::string& name, const std::vector<std::string>& args);

/// Starts role `name` with `args`, its standard output and input as given; pid -1 when it could
/// not be started (under wine a burst of starts on a loaded machine has been seen to fail once:
/// it is tried a few times).
util::StartedChild start_role(const std::string& name, const std::vector<std::string>& args,
                              util::ChildStream out = util::ChildStream::null,
                              util::ChildStream in = util::ChildStream::null);

/// Ends process `pid` at once (SIGKILL; TerminateProcess on Windows).
void kill_process(int pid);

/// The pid of a process that certainly ran and is gone: a role that exits at once, waited for.
int dead_pid();

/// Another process, alive while this object lives: a role that sleeps, killed and waited for
/// at the end.
class LiveProcess
{
public:
  LiveProcess();
  ~LiveProcess();
  LiveProcess(const LiveProcess&) = delete;
  LiveProcess& operator=(const LiveProcess&) = delete;

  int pid() const { return m_pid; }

private:
  int m_pid = -1;
};

/// Reads one byte from `fd` into `c`: false at the end or on an error.
bool read_some(int fd, char* c);

/// Whether this is wine (its ntdll says so), where some of Windows is not re-implemented.
bool under_wine();

} // namespace sd::testing

#define SD_TEST_ROLE_CONCAT2(a, b) a##b
#define SD_TEST_ROLE_CONCAT(a, b) SD_TEST_ROLE_CONCAT2(a, b)
/// Defines a role: SD_TEST_ROLE("name", [](const std::vector<std::string>& args) { … }).
#define SD_TEST_ROLE(name, function)                                                                                   \
  static const ::sd::testing::RoleRegistration SD_TEST_ROLE_CONCAT(sd_role_, __LINE__)(name, function)
