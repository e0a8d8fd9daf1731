#pragma once

#include "admission/unique_fd.hpp"
#include "util/file_lock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The directory that holds the admission state files (slots, queue, rate, breaker). Every file
// in it is opened relative to the directory's descriptor, with O_NOFOLLOW, and must be a regular
// file with a single link: a symlink or hard link planted in the directory is refused, never
// followed.

namespace sd::admission {

/// Who shares the state directory.
enum class Sharing : std::uint8_t {
  per_user, ///< one user's: owned by the effective uid, not writable by group or others
  shared,   ///< a multi-user CI host: owned by root or by us, mode 0770, 01770 or 01777
};

/// How a state file is opened.
enum class OpenFor : std::uint8_t {
  reading,  ///< read only; a missing file is not an error (an invalid UniqueFd is returned)
  updating, ///< read and write, created when missing
  creating, ///< read and write, created now: the file must not exist yet (O_EXCL)
  existing, ///< read and write, never created; a missing file is not an error (invalid UniqueFd)
};

/// The fixed size of every record in a state file (breaker, rate, slot holder): a record is
/// written by one pwrite at offset 0 of this many bytes, within one page, so a process killed
/// at any point leaves either the old record or the new one, never a torn or shorter one.
constexpr std::size_t k_record_bytes = 1024;

/// A checked, open state directory. Move-only.
class StateDir
{
public:
  /// Opens `path`, creating it when missing: per_user with mode 0700 (missing parents too);
  /// shared with mode 01770 (its parent must exist). Refuses, with AdmissionError naming the
  /// path and the fix, a path that is a symlink or not a directory; per_user: a directory not
  /// owned by the effective uid or writable by group or others; shared: one owned by another
  /// non-root user, or whose mode is not 0770/01770 (setgid allowed) or 01777.
  static StateDir open(const std::string& path, Sharing sharing);

  /// Opens the subdirectory `name` (a plain name), creating it when missing with this
  /// directory's own mode (0700; shared: 01770, or 01777 where users need not share a group),
  /// relative to this directory's descriptor and never through a symlink. The same checks as
  /// open(); throws AdmissionError.
  StateDir open_child(std::string_view name) const;

  StateDir(StateDir&&) noexcept = default;
  StateDir& operator=(StateDir&&) noexcept = default;

  /// The directory as given to open().
  const std::string& path() const { return m_path; }
  /// The sharing mode it was checked for.
  Sharing sharing() const { return m_sharing; }
  /// The directory's descriptor (O_DIRECTORY, close-on-exec).
  int fd() const { return m_fd.get(); }

  /// Opens `name` (a plain file name) in the directory, close-on-exec, never following a
  /// symlink. Files are created 0600 (per_user), 0660 (shared, mode 0770/01770) or 0666
  /// (shared, mode 01777, where users need not share a group), whatever the umask. An existing
  /// file is opened without O_CREAT, so another user's file in a sticky directory can be used.
  /// Throws AdmissionError when the file is a symlink, not a regular file, has more than one
  /// link, or cannot be opened; OpenFor::reading and OpenFor::existing return an invalid UniqueFd
  /// for a missing file.
  UniqueFd open_file(std::string_view name, OpenFor purpose) const;

  /// Atomically renames `from` to `to` within the directory. Throws AdmissionError on failure.
  void rename(std::string_view from, std::string_view to) const;

  /// Replaces `name` with a file holding `text`, whole or not at all: written to a temporary
  /// file of this process, synced, then renamed over `name`. Returns an error message naming the
  /// file, or nullopt.
  std::optional<std::string> replace(std::string_view name, std::string_view text) const;
  /// Locks `fd`, the file `name` of the directory, waiting for the lock. Throws AdmissionError
  /// naming the file when it cannot be locked.
  void lock(const UniqueFd& fd, std::string_view name, util::FileLock kind) const;
  /// Locks `fd` (the file `name`) if nobody holds a conflicting lock now: false when somebody
  /// does. Throws AdmissionError naming the file on an error.
  bool try_lock(const UniqueFd& fd, std::string_view name, util::FileLock kind) const;

  /// Whether `name` is the file open on `fd`: not removed or replaced since it was opened.
  bool names(std::string_view name, const UniqueFd& fd) const;

  /// Removes `name`; a file already gone is not an error. Returns whether this call removed it.
  bool remove(std::string_view name) const;

  /// The names in the directory (no "." or ".."), in no particular order.
  std::vector<std::string> list() const;

  /// "PATH/NAME", for messages.
  std::string file_path(std::string_view name) const;

private:
  StateDir(std::string path, Sharing sharing, UniqueFd fd, unsigned file_mode);

  std::string m_path;
  Sharing m_sharing;
  UniqueFd m_fd;
  unsigned m_file_mode;
};

/// Reads a whole small state file from offset 0 (at most `limit` bytes). Returns nullopt on a
/// read error.
std::optional<std::string> read_small_file(int fd, std::size_t limit = 64 * 1024);

/// Writes `text` (at most k_record_bytes - 1 bytes, no newline) as the file's record: padded
/// with spaces and ended by a newline to exactly k_record_bytes, in one pwrite at offset 0, then
/// truncated to that size (a no-op except for a file left longer by something else). Returns
/// false (errno set) on failure or when `text` is too long.
bool write_record(int fd, std::string_view text);

/// The record of a state file: its content up to the first newline, without trailing spaces.
std::string_view record_text(std::string_view content);

} // namespace sd::admission
