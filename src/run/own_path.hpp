#pragma once

#include <string>

// The running program's own file: how the shim recognises itself on PATH, and what the
// scheduler and the pre-commit hook run. Linux reads /proc/self/exe; elsewhere it is found from
// argv[0] as the caller's shell found it (a path, else the first match on PATH), links resolved.

namespace sd::run {

/// Remembers argv[0], once, at start-up (before any change of directory).
void note_program_name(const char* argv0);

/// The absolute path of the running program with links resolved, or "" when it cannot be told.
std::string own_path();

} // namespace sd::run
