#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

// The one PATH lookup: PATH's directories in order, as a shell reads them.

namespace sd::util {

/// What to do with an entry of PATH that is not absolute (an empty one is the current
/// directory).
enum class RelativeEntries : std::uint8_t {
  skipped,  ///< safedocker's own lookups: a relative entry would run whatever sits in the
            ///< current directory
  searched, ///< as a shell and execvp search: for a user's command (guard session -- CMD)
};

/// PATH's value, or "" when it is not set.
std::string_view path_variable();

/// Calls `visit(directory, entry)` for each directory of `path_list` in order (`entry` counts
/// from 1 over every entry, skipped ones included) until it returns true.
void for_each_path_entry(std::string_view path_list, RelativeEntries relative,
                         const std::function<bool(std::string_view directory, int entry)>& visit);

/// Whether `path` is a regular file we may execute (links followed).
bool is_executable_file(const std::string& path);

/// The first DIR/name on `path_list` that is an executable file, or "".
std::string find_on_path(std::string_view path_list, std::string_view name, RelativeEntries relative);

} // namespace sd::util
