#pragma once

#include "config/settings.hpp"

#include <string>

namespace sd::config {

/// The lock directory: limits.lock_dir, else the per-user default. On a locked host
/// XDG_RUNTIME_DIR, which the user sets, does not move it (a fresh directory per call would
/// escape limits.max_concurrent): the login manager's /run/user/UID/safedocker when that is a
/// directory of ours; else $XDG_RUNTIME_DIR/safedocker; else /tmp/safedocker-UID.
std::string lock_directory(const Settings& settings);

} // namespace sd::config
