#pragma once

// Descriptors made close-on-exec, so that docker and the other programs safedocker starts never
// inherit them. Linux does it in the call that makes them (pipe2, SOCK_CLOEXEC); elsewhere fcntl
// follows at once, which is enough because safedocker starts programs from one thread only.

namespace sd::util {

/// A pipe whose two ends are close-on-exec. False (errno set) when it cannot be made.
bool open_pipe(int (&fds)[2]);

/// A socket (socket(2)'s arguments) that is close-on-exec, and non-blocking when `nonblocking`.
/// -1 (errno set) when it cannot be made.
int open_socket(int domain, int type, int protocol, bool nonblocking);

/// Renames `from` to `to` in the directory `dir_fd` unless `to` exists: then false, errno EEXIST,
/// and nothing changed. Linux: one renameat2(RENAME_NOREPLACE); elsewhere a hard link, which
/// fails when `to` exists, and the removal of `from`.
bool rename_no_replace(int dir_fd, const char* from, const char* to);

} // namespace sd::util
