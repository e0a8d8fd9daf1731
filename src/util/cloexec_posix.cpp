#include "util/cloexec.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sd::util {

namespace {

bool
set_flags(int fd, bool nonblocking)
{
  if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
    return false;
  }
  if (nonblocking) {
    const int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
  }
  return true;
}

// Closes `fd` keeping the errno that made us give up on it.
void
close_keeping_errno(int fd)
{
  const int saved = errno;
  ::close(fd);
  errno = saved;
}

} // namespace

bool
open_pipe(int (&fds)[2])
{
  if (::pipe(fds) != 0) {
    return false;
  }
  if (!set_flags(fds[0], false) || !set_flags(fds[1], false)) {
    close_keeping_errno(fds[0]);
    close_keeping_errno(fds[1]);
    return false;
  }
  return true;
}

int
open_socket(int domain, int type, int protocol, bool nonblocking)
{
  const int fd = ::socket(domain, type, protocol);
  if (fd >= 0 && !set_flags(fd, nonblocking)) {
    close_keeping_errno(fd);
    return -1;
  }
#ifdef SO_NOSIGPIPE
  // Where send() has no MSG_NOSIGNAL (macOS), a write to a closed peer must not raise SIGPIPE.
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
  return fd;
}

bool
rename_no_replace(int dir_fd, const char* from, const char* to)
{
  // The link fails with EEXIST when `to` exists; for a moment the file has two names (and two
  // links), which readers that insist on one link take for a file not to trust: they retry or
  // keep what it stands for, the safe side.
  if (::linkat(dir_fd, from, dir_fd, to, 0) != 0) {
    return false;
  }
  ::unlinkat(dir_fd, from, 0);
  return true;
}

} // namespace sd::util
