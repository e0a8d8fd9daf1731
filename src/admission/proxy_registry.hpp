#pragma once

#include "admission/state_dir.hpp"
#include "admission/unique_fd.hpp"

#include <optional>
#include <string>
#include <string_view>

// Which sockets are an API guard in front of which daemon. With the shim first on PATH and
// DOCKER_HOST at a guard's socket, the shim's call goes to that daemon all the same: it must
// take the daemon's slot, so that the guard sees the call as admitted once and the CLI and the
// API share one budget. A running guard registers its socket in the lock directory
// (proxy.<the 16 hex digits of the socket's daemon directory>, holding its upstream's key) and holds a lock on
// that file while it lives: a file nobody holds is a dead guard's and is ignored.

namespace sd::admission {

/// The registration of one guard; removed when destroyed (or, by the kernel's lock, when the
/// guard dies).
class ProxyRegistration
{
public:
  /// Registers `socket_key` (the guard's socket as a daemon key) as a guard in front of
  /// `upstream_key`. Throws AdmissionError when the file cannot be written.
  ProxyRegistration(const StateDir& root, std::string_view socket_key, std::string_view upstream_key);
  ~ProxyRegistration();
  ProxyRegistration(const ProxyRegistration&) = delete;
  ProxyRegistration& operator=(const ProxyRegistration&) = delete;

private:
  const StateDir& m_root;
  std::string m_name;
  UniqueFd m_fd;
};

/// The daemon behind a live guard whose socket's daemon directory name (daemon_dir_name of its
/// key) is `dir_name`; nullopt otherwise (the usual case: one failed open). Named by the
/// directory, which every call computes anyway, not by the key: no second hash per call.
std::optional<std::string> proxied_daemon(const StateDir& root, std::string_view dir_name);

} // namespace sd::admission
