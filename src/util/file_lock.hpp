#pragma once

#include <cstdint>

// Locks of a whole open file, shared or exclusive: what slots, sessions, the breaker, the rate
// limit and the logs' rotation are made of. A lock belongs to the open file: every descriptor of
// it (dup, fork) shares it, and it goes when the last one closes, whatever ends the process.
// flock(2) here (Linux, the BSDs, macOS).

namespace sd::util {

enum class FileLock : std::uint8_t { shared, exclusive };

/// Takes the lock on the file open on `fd`, waiting for it (through signals). False (errno set)
/// on an error.
bool lock_file(int fd, FileLock kind);

/// Gives up the lock held on `fd` (closing it does too).
void unlock_file(int fd);

/// Takes the lock if nobody holds a conflicting one now. False when somebody does (errno
/// EWOULDBLOCK) or on an error (errno set).
bool try_lock_file(int fd, FileLock kind);

} // namespace sd::util
