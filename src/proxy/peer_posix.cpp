#include "proxy/peer.hpp"

namespace sd::proxy {

// POSIX has no way to ask who is on the other end of a unix socket (SO_PEERCRED is Linux's,
// getpeereid and LOCAL_PEERPID the BSDs' and macOS's): records carry no caller, and a shim call
// made through the guard is admitted again by it, not once (see the manual, "The API guard").

Peer
peer_of(int)
{
  return {};
}

std::string
environment_value(long long, std::string_view)
{
  return {};
}

} // namespace sd::proxy
