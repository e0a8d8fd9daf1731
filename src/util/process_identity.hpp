#pragma once

#include <cstdint>
#include <string>

// Who this process is, and whether another one lives: what slot holders, breaker probers,
// sessions and audit records are told apart by.

namespace sd::util {

/// This process's id.
std::int64_t own_pid();
/// Its parent's id.
std::int64_t parent_pid();
/// The user it runs as (the real uid).
std::uint32_t own_uid();
/// The machine's name, or "" when it cannot be told.
std::string host_name();
/// The name of user `uid` (else $USER, else ""). Read from /etc/passwd, not through the
/// C library's name services, which a static program cannot load.
std::string user_name(std::uint32_t uid);
/// The current directory, or "" when it cannot be told.
std::string current_directory();
/// Whether process `pid` exists (ours or another user's); false for 0 and below.
bool process_alive(std::int64_t pid);

} // namespace sd::util
