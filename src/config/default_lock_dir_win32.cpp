#include "config/default_lock_dir.hpp"

#include "util/windows_support.hpp"

namespace sd::config {

std::string
default_lock_directory(bool)
{
  // The user's local application data (not roamed between machines), asked of the shell rather
  // than read from %LOCALAPPDATA%, which the caller's environment could point elsewhere.
  const std::string local = util::known_folder(util::KnownFolder::local_app_data);
  return (local.empty() ? std::string("C:\\ProgramData") : local) + "\\safedocker\\locks";
}

} // namespace sd::config
