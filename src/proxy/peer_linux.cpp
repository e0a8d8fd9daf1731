#include "proxy/peer.hpp"

#include <climits>
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

} // namespace sd::proxy
