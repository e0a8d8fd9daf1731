#pragma once

#include <optional>
#include <string>

// How full a file system is, as df shows it.

namespace sd::util {

/// The use of the file system holding `path`, in percent as df computes Use% (used ÷ (used +
/// available to unprivileged users)); nullopt when it cannot be read.
std::optional<double> disk_used_percent(const std::string& path);

} // namespace sd::util
