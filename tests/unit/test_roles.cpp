#include "test_roles.hpp"

#include "run/own_path.hpp"
#include "util/child_process.hpp"

#include <chrono>
#include <map>
#include <string_view>
#include <thread>

#ifdef _WIN32
#include <windows.h>

#include <io.h>
#else
#include <csignal>
#include <unistd.h>
#endif

namespace sd::testing {

namespace {

std::map<std::string, Role, std::less<>>&
roles()
{
  static std::map<std::string, Role, std::less<>> registry;
  return registry;
}

} // namespace

RoleRegistration::RoleRegistration(const char* name, Role role)
{
  roles()[name] = role;
}

int
run_role(const char* name, int argc, char** argv)
{
  const auto found = roles().find(std::string_view(name));
  if (found == roles().end()) {
    return 97;
  }
  return found->second(std::vector<std::string>(argv, argv + argc));
}

std::string
self_path()
{
  return run::own_path();
}

std::vector<std::string>
role_argv(const std::string& name, const std::vector<std::string>& args)
{
  std::vector<std::string> argv{self_path(), "--role", name};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

util::StartedChild
start_role(const std::string& name, const std::vector<std::string>& args, util::ChildStream out, util::ChildStream in)
{
  util::ChildSpec spec;
  spec.argv = role_argv(name, args);
  spec.path = spec.argv.front();
  spec.out = out;
  spec.in = in;
  auto child = util::start_child(spec);
  for (int attempt = 0; child.pid < 0 && attempt < 3; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    child = util::start_child(spec);
  }
  return child;
}

SD_TEST_ROLE("exit", [](const std::vector<std::string>&) { return 0; });
SD_TEST_ROLE("sleep", [](const std::vector<std::string>&) {
  std::this_thread::sleep_for(std::chrono::hours(1));
  return 0;
});

int
dead_pid()
{
  const auto child = start_role("exit", {});
  util::wait_child(child.pid);
  return child.pid;
}

LiveProcess::LiveProcess()
  : m_pid(start_role("sleep", {}).pid)
{}

LiveProcess::~LiveProcess()
{
  if (m_pid > 0) {
    kill_process(m_pid);
    util::wait_child(m_pid);
  }
}

#ifdef _WIN32

void
kill_process(int pid)
{
  const HANDLE process = ::OpenProcess(PROCESS_TERMINATE, FALSE, static_cast<DWORD>(pid));
  if (process != nullptr) {
    ::TerminateProcess(process, 137);
    ::CloseHandle(process);
  }
}

bool
read_some(int fd, char* c)
{
  return ::_read(fd, c, 1) == 1;
}

bool
under_wine()
{
  const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

#else

void
kill_process(int pid)
{
  ::kill(pid, SIGKILL);
}

bool
read_some(int fd, char* c)
{
  return ::read(fd, c, 1) == 1;
}

bool
under_wine()
{
  return false;
}

#endif

} // namespace sd::testing
