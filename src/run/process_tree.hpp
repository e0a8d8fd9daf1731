#pragma once

#include <cstdint>

// The process tree, as far as admission needs it.

namespace sd::run {

/// Whether `pid` is an ancestor of this process (its parent, its parent's parent, …). False
/// for pid 0 or 1 and where the platform cannot tell.
bool is_ancestor(std::int64_t pid);

/// Whether `pid` is an ancestor of `descendant` (the API guard asks it of a client). False for
/// pid 0 or 1 and where the platform cannot tell.
bool is_ancestor_of(std::int64_t pid, std::int64_t descendant);

} // namespace sd::run
