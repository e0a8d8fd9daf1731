#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

// Reading a file that others append to, rotate and remove meanwhile: opened so that they still
// can (on Windows, sharing write and delete), told apart by identity, read at offsets.

namespace sd::util {

/// A regular file open for reading (close-on-exec), its identity and its size when opened.
struct ReadableFile
{
  int fd = -1;              ///< the caller closes it (admission::UniqueFd)
  std::uint64_t device = 0; ///< with `inode`: the file, whatever its name now (on Windows the
  std::uint64_t inode = 0;  ///< volume serial number and the file index)
  std::uint64_t size = 0;
};

/// Whether something exists at `path`: a file, a directory, or (not followed) a link.
bool path_exists(const std::string& path);

/// Opens `path` for reading: nullopt when it is missing or cannot be opened (errno set), or is
/// not a regular file (errno 0).
std::optional<ReadableFile> open_readable(const std::string& path);

/// Reads up to `length` bytes at `offset` of `fd` into `out`: the bytes read, fewer at the end
/// of the file or on an error.
std::size_t read_at(int fd, std::uint64_t offset, char* out, std::size_t length);

/// Closes `fd`.
void close_file(int fd);

/// Everything `fd` gives until its end (a child's output pipe), then closes it.
std::string read_until_end(int fd);

} // namespace sd::util
