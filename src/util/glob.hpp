#pragma once

#include <string>

// The one glob matcher: the rules' command and argument globs, cleanup.keep_names, guard log
// --command. POSIX fnmatch syntax without flags (*, ?, [...], a backslash quotes).

namespace sd::util {

/// Whether `text` matches `pattern` whole.
bool glob_matches(const std::string& pattern, const std::string& text);

} // namespace sd::util
