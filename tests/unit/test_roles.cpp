#include "test_roles.hpp"

#include "run/own_path.hpp"

#include <map>
#include <string_view>

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

#endif

} // namespace sd::testing
