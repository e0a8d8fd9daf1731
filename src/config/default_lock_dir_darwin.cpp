#include "config/default_lock_dir.hpp"

#include <climits>
#include <unistd.h>

// Not built on the Linux machines of this project's CI: see the manual, "Platforms".

namespace sd::config {

std::string
default_lock_directory(bool)
{
  // macOS has no XDG_RUNTIME_DIR: the per-user temporary directory (/var/folders/…/T/) is
  // private to the user and emptied at boot. It comes from the system, not the environment,
  // so a locked host may use it too.
  char buffer[PATH_MAX];
  const auto length = ::confstr(_CS_DARWIN_USER_TEMP_DIR, buffer, sizeof buffer);
  if (length > 0 && length <= sizeof buffer) {
    std::string dir(buffer);
    return dir + (dir.ends_with('/') ? "" : "/") + "safedocker";
  }
  return "/tmp/safedocker-" + std::to_string(::getuid());
}

} // namespace sd::config
