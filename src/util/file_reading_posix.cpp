#include "util/file_reading.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::util {

bool
path_exists(const std::string& path)
{
  struct stat info = {};
  return ::lstat(path.c_str(), &info) == 0;
}

std::optional<ReadableFile>
open_readable(const std::string& path)
{
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    return std::nullopt;
  }
  struct stat info = {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    errno = 0;
    return std::nullopt;
  }
  return ReadableFile{fd, static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino),
                      static_cast<std::uint64_t>(info.st_size)};
}

std::size_t
read_at(int fd, std::uint64_t offset, char* out, std::size_t length)
{
  std::size_t done = 0;
  while (done < length) {
    const auto n = ::pread(fd, out + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  return done;
}

void
close_file(int fd)
{
  ::close(fd);
}

std::string
read_until_end(int fd)
{
  std::string out;
  char buffer[65536];
  for (;;) {
    const auto got = ::read(fd, buffer, sizeof buffer);
    if (got > 0) {
      out.append(buffer, static_cast<std::size_t>(got));
    } else if (got == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fd);
  return out;
}

} // namespace sd::util
