#pragma once

#include <optional>
#include <string>
#include <string_view>

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

/// The value of `name` in the environment process `pid` started with, or empty (not set, or
/// not readable: another user's process when the guard is not root).
std::string environment_value(long long pid, std::string_view name);

} // namespace sd::proxy
