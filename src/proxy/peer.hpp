#pragma once

#include <optional>
#include <string>

// Who is on the other end of a client connection: the kernel's word (SO_PEERCRED on Linux),
// not anything the client says.

namespace sd::proxy {

struct Peer
{
  std::optional<long long> pid;
  std::optional<unsigned> uid;
  std::string exe; ///< the peer's program, when it can be read (same user, or root)
};

/// The peer of the connected unix socket `fd`.
Peer peer_of(int fd);

} // namespace sd::proxy
