#include "util/file_reading.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <cerrno>
#include <fcntl.h>
#include <io.h>

namespace sd::util {

bool
path_exists(const std::string& path)
{
  return ::GetFileAttributesW(to_utf16(path).c_str()) != INVALID_FILE_ATTRIBUTES;
}

std::optional<ReadableFile>
open_readable(const std::string& path)
{
  // Sharing write and delete: writers go on appending, and rotation renames and removes the
  // file while it is read.
  const HANDLE file =
    ::CreateFileW(to_utf16(path).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                  OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    set_errno_from_last_error();
    return std::nullopt;
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileInformationByHandle(file, &info) == 0 || (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    ::CloseHandle(file);
    errno = 0;
    return std::nullopt;
  }
  const int fd = ::_open_osfhandle(reinterpret_cast<intptr_t>(file), _O_RDONLY | _O_BINARY);
  if (fd < 0) {
    ::CloseHandle(file);
    return std::nullopt;
  }
  return ReadableFile{fd, info.dwVolumeSerialNumber, (std::uint64_t{info.nFileIndexHigh} << 32) | info.nFileIndexLow,
                      (std::uint64_t{info.nFileSizeHigh} << 32) | info.nFileSizeLow};
}

std::size_t
read_at(int fd, std::uint64_t offset, char* out, std::size_t length)
{
  const auto file = reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
  std::size_t done = 0;
  while (done < length) {
    OVERLAPPED at{};
    at.Offset = static_cast<DWORD>(offset + done);
    at.OffsetHigh = static_cast<DWORD>((offset + done) >> 32);
    DWORD got = 0;
    const auto chunk = static_cast<DWORD>(length - done < (1U << 30) ? length - done : (1U << 30));
    if (::ReadFile(file, out + done, chunk, &got, &at) == 0 || got == 0) {
      break;
    }
    done += got;
  }
  return done;
}

void
close_file(int fd)
{
  ::_close(fd);
}

std::string
read_until_end(int fd)
{
  std::string out;
  char buffer[65536];
  for (int got; (got = ::_read(fd, buffer, sizeof buffer)) > 0;) {
    out.append(buffer, static_cast<std::size_t>(got));
  }
  ::_close(fd);
  return out;
}

} // namespace sd::util
