#include "util/replace_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::util {

std::optional<std::string>
replace_file(const std::string& path, std::string_view text)
{
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  // A dot name: node_exporter reads only *.prom, and a half-written file is never one.
  const std::string temp = dir + "/." + name + ".tmp." + std::to_string(::getpid());
  const auto failed = [&](const char* what) {
    const std::string message = std::string("cannot ") + what + " " + path + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return message;
  };
  ::unlink(temp.c_str()); // left by a process of this pid that was killed
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0644);
  if (fd < 0) {
    return std::string("cannot write ") + path + ": " + std::strerror(errno) + " (creating " + temp + ")";
  }
  bool ok = ::fchmod(fd, 0644) == 0; // whatever the umask
  for (std::size_t done = 0; ok && done < text.size();) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      if (n == 0) {
        errno = ENOSPC;
      }
      ok = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (!ok) {
    return failed("write");
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return failed("replace");
  }
  return std::nullopt;
}

} // namespace sd::util
