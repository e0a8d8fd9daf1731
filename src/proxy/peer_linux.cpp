#include "proxy/peer.hpp"

#include <algorithm>
#include <climits>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sd::proxy {

Peer
peer_of(int fd)
{
  Peer peer;
  ucred credentials{};
  socklen_t size = sizeof credentials;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0 || credentials.pid <= 0) {
    return peer;
  }
  peer.pid = credentials.pid;
  peer.uid = credentials.uid;
  char exe[PATH_MAX];
  const std::string link = "/proc/" + std::to_string(credentials.pid) + "/exe";
  if (const auto length = ::readlink(link.c_str(), exe, sizeof exe); length > 0) {
    peer.exe.assign(exe, static_cast<std::size_t>(length));
  }
  return peer;
}

std::string
environment_value(long long pid, std::string_view name)
{
  const auto path = "/proc/" + std::to_string(pid) + "/environ";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return {};
  }
  std::string text;
  char buffer[4096];
  ssize_t got = 0;
  while (text.size() < 1024 * 1024 && (got = ::read(fd, buffer, sizeof buffer)) > 0) {
    text.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  const std::string prefix = std::string(name) + "=";
  for (std::size_t start = 0; start < text.size();) {
    const auto end = std::min(text.find('\0', start), text.size());
    if (text.compare(start, prefix.size(), prefix) == 0) {
      return text.substr(start + prefix.size(), end - start - prefix.size());
    }
    start = end + 1;
  }
  return {};
}

} // namespace sd::proxy
