#include "config/default_lock_dir.hpp"

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::config {

std::string
default_lock_directory(bool locked)
{
  const auto uid = std::to_string(::getuid());
  if (locked) {
    const auto runtime = "/run/user/" + uid;
    struct stat info = {};
    if (::lstat(runtime.c_str(), &info) == 0 && S_ISDIR(info.st_mode) && info.st_uid == ::getuid()) {
      return runtime + "/safedocker";
    }
  } else if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime == '/') {
    return std::string(runtime) + "/safedocker";
  }
  return "/tmp/safedocker-" + uid;
}

} // namespace sd::config
