#pragma once

#include "admission/state_dir.hpp"

#include <string>
#include <string_view>
#include <vector>

// The admission state of one daemon: a subdirectory of the lock directory named by
// daemon_dir_name(key), holding that daemon's slots, queue, rate and breaker files and a
// `daemon` record ({"key":…,"host":…,"tls":…}) that names it for guard health.

namespace sd::admission {

/// A daemon known to the lock directory.
struct KnownDaemon
{
  std::string key;
  std::string host; ///< the endpoint as first seen, e.g. "unix:///var/run/docker.sock"
  bool tls = false; ///< it was reached with TLS
  std::string dir_name;
};

/// Opens the state directory of daemon `key` in `root`, creating it (and its record, with
/// `host` and `tls`) when missing. Throws AdmissionError.
StateDir open_daemon_dir(const StateDir& root, std::string_view key, std::string_view host, bool tls = false);

/// Opens the state directory of a daemon already known; throws AdmissionError.
StateDir open_known_daemon_dir(const StateDir& root, const KnownDaemon& daemon);

/// Every daemon with a readable record in `root`, sorted by key.
std::vector<KnownDaemon> list_daemons(const StateDir& root);

} // namespace sd::admission
