#include "run/capture.hpp"

#include "util/child_process.hpp"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace sd::run {

namespace {

// Reads what is readable on `fd` into `into`; false at end of file or on an error.
bool
drain(int fd, std::string& into)
{
  char buffer[65536];
  const auto n = ::read(fd, buffer, sizeof buffer);
  if (n < 0) {
    return errno == EINTR || errno == EAGAIN;
  }
  if (n == 0) {
    return false;
  }
  into.append(buffer, static_cast<std::size_t>(n));
  return true;
}

} // namespace

Captured
run_captured(const std::string& path, const std::vector<std::string>& argv)
{
  Captured result;
  // Default dispositions for everything we may catch, an empty mask, a new process group.
  util::ChildSpec spec;
  spec.path = path;
  spec.argv = argv;
  spec.in = util::ChildStream::null;
  spec.out = util::ChildStream::pipe;
  spec.err = util::ChildStream::pipe;
  spec.own_process_group = true;
  spec.all_signals_default = true;
  spec.blocked_signals = std::vector<int>{};
  const auto child = util::start_child(spec);
  if (child.pid < 0) {
    result.status = -1;
    return result;
  }

  bool out_open = true;
  bool err_open = true;
  while (out_open || err_open) {
    pollfd fds[2] = {{out_open ? child.out_fd : -1, POLLIN, 0}, {err_open ? child.err_fd : -1, POLLIN, 0}};
    const int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) {
        continue; // a signal for us: the call goes on
      }
      break;
    }
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      out_open = drain(child.out_fd, result.out);
    }
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      err_open = drain(child.err_fd, result.err);
    }
  }
  ::close(child.out_fd);
  ::close(child.err_fd);
  result.status = util::wait_child(child.pid);
  return result;
}

} // namespace sd::run
