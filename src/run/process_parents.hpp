#pragma once

#include <cstdint>
#include <functional>

// The platform's half of process_tree.hpp: who is whose parent.

namespace sd::run {

/// Asks for a process's parent (0 when unknown), for one walk up the tree: where the platform
/// reads the whole table at once, it is read when this is called.
std::function<std::int64_t(std::int64_t)> parent_lookup();

} // namespace sd::run
