#include "run/process_parents.hpp"

#include <cstdio>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace sd::run {

namespace {

// The parent of `pid` from /proc/PID/stat: "PID (COMM) STATE PPID …", where COMM may hold
// spaces and parentheses, so PPID is read after the last ')'.
std::int64_t
parent_of(std::int64_t pid)
{
  const auto path = "/proc/" + std::to_string(pid) + "/stat";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return 0;
  }
  char buffer[512];
  const auto n = ::read(fd, buffer, sizeof buffer - 1);
  ::close(fd);
  if (n <= 0) {
    return 0;
  }
  const std::string_view text(buffer, static_cast<std::size_t>(n));
  const auto close = text.rfind(')');
  if (close == std::string_view::npos || close + 4 >= text.size()) {
    return 0;
  }
  std::int64_t parent = 0;
  for (auto i = close + 4; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    parent = parent * 10 + (text[i] - '0');
  }
  return parent;
}

} // namespace

std::function<std::int64_t(std::int64_t)>
parent_lookup()
{
  return parent_of;
}

} // namespace sd::run
