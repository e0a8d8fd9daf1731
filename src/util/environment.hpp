#pragma once

#include <string>

// Setting this process's environment, which the programs it starts inherit: the recursion
// guard's markers, the inherited slot, a time zone.

namespace sd::util {

/// Sets `name` to `value` (replacing it; on Windows an empty value removes it). False (errno
/// set) on failure.
bool set_environment(const std::string& name, const std::string& value);

/// Removes `name`; one that is not set is not an error.
void unset_environment(const std::string& name);

} // namespace sd::util
