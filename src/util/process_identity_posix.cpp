#include "util/process_identity.hpp"

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <string_view>
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

// From /etc/passwd (a static binary has no NSS), else $USER. Plain read(): iostreams would
// initialise locales on every docker call.
std::string
user_name(std::uint32_t uid)
{
  std::string passwd;
  if (const int fd = ::open("/etc/passwd", O_RDONLY | O_CLOEXEC); fd >= 0) {
    char buffer[8192];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
      passwd.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
  }
  const std::string wanted = ":" + std::to_string(uid) + ":";
  for (std::size_t start = 0; start < passwd.size();) {
    auto end = passwd.find('\n', start);
    end = end == std::string::npos ? passwd.size() : end;
    const auto line = std::string_view(passwd).substr(start, end - start);
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (second != std::string_view::npos && line.substr(second).starts_with(wanted)) {
      return std::string(line.substr(0, first));
    }
    start = end + 1;
  }
  const char* env = std::getenv("USER");
  return env != nullptr ? env : "";
}

std::string
current_directory()
{
  char cwd[PATH_MAX] = {};
  return ::getcwd(cwd, sizeof cwd) != nullptr ? std::string(cwd) : std::string();
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
