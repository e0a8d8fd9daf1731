#include "config/lock_dir.hpp"

#include "config/default_lock_dir.hpp"

namespace sd::config {

std::string
lock_directory(const Settings& settings)
{
  if (const auto set = settings.text("limits.lock_dir"); !set.empty()) {
    return std::string(set);
  }
  return default_lock_directory(settings.flag("policy.locked"));
}

} // namespace sd::config
