#include "util/file_lock.hpp"

#include <cerrno>
#include <sys/file.h>

namespace sd::util {

namespace {

bool
take(int fd, int operation)
{
  while (::flock(fd, operation) != 0) {
    if (errno != EINTR) {
      return false;
    }
  }
  return true;
}

int
operation_of(FileLock kind)
{
  return kind == FileLock::shared ? LOCK_SH : LOCK_EX;
}

} // namespace

bool
lock_file(int fd, FileLock kind)
{
  return take(fd, operation_of(kind));
}

void
unlock_file(int fd)
{
  ::flock(fd, LOCK_UN);
}

bool
try_lock_file(int fd, FileLock kind)
{
  return take(fd, operation_of(kind) | LOCK_NB);
}

} // namespace sd::util
