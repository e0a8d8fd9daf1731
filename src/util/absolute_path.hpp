#pragma once

#include <string_view>

// What an absolute path looks like on this platform: settings, state directories and PATH
// entries must be absolute, so that the current directory never decides which file is used.

namespace sd::util {

/// Whether `path` is absolute: starts with '/' (POSIX); a drive and a separator (C:\…, C:/…)
/// or a UNC path (\\server\share\…) on Windows.
bool is_absolute_path(std::string_view path);

/// How an absolute path starts, for messages: "/" or "C:\".
std::string_view absolute_path_example();

/// Whether `c` separates a path's components ('/'; on Windows also '\').
bool is_path_separator(char c);

} // namespace sd::util
