#include "util/file_lock.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <cerrno>
#include <io.h>

// LockFileEx on one byte far past any record (offset 2^62): Windows locks are mandatory for the
// bytes they cover, so the lock must not cover what others read. The kernel drops a process's
// locks when it ends, however it ends. A lock belongs to the handle: taking another kind first
// gives up the one held, as converting an flock does (neither is atomic).

namespace sd::util {

namespace {

constexpr DWORD k_lock_offset_high = 0x40000000; // 2^62

bool
take(int fd, FileLock kind, DWORD flags)
{
  const auto handle = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
  if (handle == INVALID_HANDLE_VALUE) {
    errno = EBADF;
    return false;
  }
  OVERLAPPED where{};
  where.OffsetHigh = k_lock_offset_high;
  ::UnlockFileEx(handle, 0, 1, 0, &where); // fails harmlessly when nothing is held
  where = OVERLAPPED{};
  where.OffsetHigh = k_lock_offset_high;
  if (kind == FileLock::exclusive) {
    flags |= LOCKFILE_EXCLUSIVE_LOCK;
  }
  if (::LockFileEx(handle, flags, 0, 1, 0, &where) == 0) {
    set_errno_from_last_error();
    return false;
  }
  return true;
}

} // namespace

bool
lock_file(int fd, FileLock kind)
{
  return take(fd, kind, 0);
}

void
unlock_file(int fd)
{
  const auto handle = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
  OVERLAPPED where{};
  where.OffsetHigh = k_lock_offset_high;
  ::UnlockFileEx(handle, 0, 1, 0, &where);
}

bool
try_lock_file(int fd, FileLock kind)
{
  return take(fd, kind, LOCKFILE_FAIL_IMMEDIATELY);
}

} // namespace sd::util
