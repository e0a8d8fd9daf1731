#include "util/cloexec.hpp"

#include <cerrno>
#include <fcntl.h>
#include <stdio.h> // renameat2
#include <sys/socket.h>
#include <unistd.h>

namespace sd::util {

bool
open_pipe(int (&fds)[2])
{
  return ::pipe2(fds, O_CLOEXEC) == 0;
}

int
open_socket(int domain, int type, int protocol, bool nonblocking)
{
  return ::socket(domain, type | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), protocol);
}

bool
rename_no_replace(int dir_fd, const char* from, const char* to)
{
  if (::renameat2(dir_fd, from, dir_fd, to, RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    return false;
  }
  // A file system without RENAME_NOREPLACE: a hard link is refused just as atomically.
  if (::linkat(dir_fd, from, dir_fd, to, 0) != 0) {
    return false;
  }
  ::unlinkat(dir_fd, from, 0);
  return true;
}

} // namespace sd::util
