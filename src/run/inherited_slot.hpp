#pragma once

#include "admission/state_dir.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

// Nested calls. A docker call made by a process that safedocker started (a CLI plugin, a
// wrapper script that calls `docker` again) must not wait for a slot its own ancestor holds:
// with every slot held by such parents it would wait for ever. The holder tells its children
// which slot they run under (SAFEDOCKER_SLOT=DAEMON_DIR/SLOT/PID, one claim per daemon, comma
// separated), and a nested call to the same
// daemon runs under it once the claim checks out: the slot is held, by that pid, and that pid
// is an ancestor of the caller. A forged or stale variable is ignored.

namespace sd::run {

constexpr const char* k_slot_variable = "SAFEDOCKER_SLOT";

/// Tells the processes this one starts from now on that they run under `slot` of the daemon
/// whose state directory is `dir_name`.
void mark_slot_for_children(std::string_view dir_name, int slot);

/// Undoes mark_slot_for_children for that daemon (the slot was released).
void unmark_slot_for_children(std::string_view dir_name);

/// Whether this call runs under a slot that an ancestor holds in `dir`, the state directory
/// named `dir_name` (checked as above). `slots` is limits.max_concurrent.
bool runs_under_ancestor_slot(const admission::StateDir& dir, std::string_view dir_name, int slots);

/// The pid of the ancestor whose claim on a slot of the daemon `dir_name` this process
/// inherited, when that pid is an ancestor: the fleet (coordination.backend = redis) then checks
/// that it holds a slot.
std::optional<std::int64_t> ancestor_claim(std::string_view dir_name);

/// As ancestor_claim for process `pid`, whose SAFEDOCKER_SLOT value is `claims` (the API guard
/// asks it of a client).
std::optional<std::int64_t> ancestor_claim(std::string_view dir_name, std::string_view claims, std::int64_t pid);

/// As runs_under_ancestor_slot for process `pid`, whose SAFEDOCKER_SLOT value is `claims` (the
/// API guard asks it of a client): the claimed holder must hold the slot and be an ancestor of
/// `pid`.
bool claims_hold(const admission::StateDir& dir, std::string_view dir_name, int slots, std::string_view claims,
                 std::int64_t pid);

} // namespace sd::run
