#pragma once

#include "proxy/session.hpp"

#include <memory>
#include <optional>
#include <string>

// The API guard's listener: a unix socket, made with the mode asked for (0600, or 0660 with a
// group) and never over something that is not a stale socket; every connection is served
// asynchronously on one thread (no thread per connection). SIGTERM, SIGINT or SIGHUP stop it:
// the socket is removed and the open connections are dropped.

namespace sd::proxy {

struct ListenOptions
{
  std::string path;            ///< the socket to listen on; empty: the one systemd passes (socket activation)
  unsigned mode = 0600;        ///< its permissions
  std::optional<unsigned> gid; ///< its group, when given (mode 0660)
};

/// Whether systemd passed this process a listening socket (LISTEN_PID, LISTEN_FDS=1).
bool socket_activated();

/// Listens on `listen` and serves until a stop signal. Throws sd::Fatal (exit 2) when the socket
/// cannot be made or is the upstream itself. Returns the exit status (0).
int run_proxy(const ListenOptions& listen, std::shared_ptr<const SessionConfig> config);

} // namespace sd::proxy
