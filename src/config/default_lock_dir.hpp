#pragma once

#include <string>

// The platform's half of lock_dir.hpp: where the lock directory goes when limits.lock_dir is
// not set.

namespace sd::config {

/// The per-user default lock directory; `locked`: on a locked host, where nothing the user sets
/// (an environment variable) may move it.
std::string default_lock_directory(bool locked);

} // namespace sd::config
