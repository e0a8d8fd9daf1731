#include "test_roles.hpp"

#include <map>
#include <string_view>

#ifdef _WIN32
#include <windows.h>

#include <io.h>
#else
#include <climits>
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

std::vector<std::string>
role_argv(const std::string& name, const std::vector<std::string>& args)
{
  std::vector<std::string> argv{self_path(), "--role", name};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

#ifdef _WIN32

std::string
self_path()
{
  char path[MAX_PATH * 4] = {};
  const DWORD length = ::GetModuleFileNameA(nullptr, path, sizeof path);
  return std::string(path, length);
}

void
kill_process(int pid)
{
  const HANDLE process = ::OpenProcess(PROCESS_TERMINATE, FALSE, static_cast<DWORD>(pid));
  if (process != nullptr) {
    ::TerminateProcess(process, 137);
    ::CloseHandle(process);
  }
}

std::string
read_all(int fd)
{
  std::string text;
  char buffer[4096];
  for (int n; (n = ::_read(fd, buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::_close(fd);
  return text;
}

bool
read_some(int fd, char* c)
{
  return ::_read(fd, c, 1) == 1;
}

void
close_fd(int fd)
{
  ::_close(fd);
}

#else

std::string
self_path()
{
  char path[PATH_MAX] = {};
  const auto length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  return length > 0 ? std::string(path, static_cast<std::size_t>(length)) : std::string();
}

void
kill_process(int pid)
{
  ::kill(pid, SIGKILL);
}

std::string
read_all(int fd)
{
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

bool
read_some(int fd, char* c)
{
  return ::read(fd, c, 1) == 1;
}

void
close_fd(int fd)
{
  ::close(fd);
}

#endif

} // namespace sd::testing
