#pragma once

#include <cstdint>

// The process tree, as far as admission needs it.

namespace sd::run {

/// Whether `pid` is an ancestor of this process (its parent, its parent's parent, …). False
/// for pid 0 or 1 and where the platform cannot tell.
bool is_ancestor(std::int64_t pid);

} // namespace sd::run
