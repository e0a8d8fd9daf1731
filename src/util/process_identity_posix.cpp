#include "util/process_identity.hpp"

#include <cerrno>
#include <climits>
#include <csignal>
#include <unistd.h>

namespace sd::util {

std::int64_t
own_pid()
{
  return ::getpid();
}

std::int64_t
parent_pid()
{
  return ::getppid();
}

std::uint32_t
own_uid()
{
  return ::getuid();
}

std::string
host_name()
{
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) {
    return {};
  }
  return host;
}

bool
process_alive(std::int64_t pid)
{
  if (pid <= 0 || pid > INT32_MAX) {
    return false;
  }
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

} // namespace sd::util
