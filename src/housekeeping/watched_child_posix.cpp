#include "housekeeping/watched_child.hpp"

#include "admission/unique_fd.hpp"
#include "run/spawn.hpp"
#include "util/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sd::housekeeping {

namespace {

using admission::UniqueFd;

constexpr std::size_t k_max_output = 16 * 1024 * 1024;

enum class Read : std::uint8_t { data, nothing_yet, end };

// Appends what one read() gives.
Read
read_some(const UniqueFd& fd, std::string& output)
{
  char buffer[16384];
  while (true) {
    const auto n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && errno == EAGAIN) {
      return Read::nothing_yet;
    }
    if (n <= 0) {
      return Read::end;
    }
    if (output.size() < k_max_output) {
      output.append(buffer, static_cast<std::size_t>(n));
    }
    return Read::data;
  }
}

} // namespace

ChildRun
run_watched_child(const std::string& program, const std::vector<std::string>& argv, WakeSource& wake,
                  const std::function<bool()>& stop_now)
{
  ChildRun run;
  const auto started = run::start_piped(program, argv);
  if (started.pid < 0) {
    return run;
  }
  const auto tell_if_stopping = [&] {
    if (!run.interrupted && stop_now()) {
      ::kill(started.pid, SIGTERM);
      run.interrupted = true;
    }
  };
  UniqueFd out(started.stdout_fd);
  tell_if_stopping(); // a stop that came just before the start
  bool reaped = false;
  int status = 0;
  while (!reaped || out.valid()) {
    if (!reaped) {
      const auto done = ::waitpid(started.pid, &status, WNOHANG);
      reaped = done == started.pid || (done < 0 && errno == ECHILD);
      if (reaped && out.valid()) {
        // Its own children may hold the pipe: take what is there and stop reading.
        ::fcntl(out.get(), F_SETFL, O_NONBLOCK);
        while (read_some(out, run.output) == Read::data) {
        }
        out.reset();
      }
      if (reaped) {
        break;
      }
    }
    pollfd fds[2] = {{wake.signal_fd(), POLLIN, 0}, {out.get(), POLLIN, 0}};
    if (::poll(fds, out.valid() ? 2 : 1, -1) < 0 && errno != EINTR) {
      break;
    }
    if ((fds[0].revents & POLLIN) != 0) {
      tell_if_stopping();
    }
    if (out.valid() && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0
        && read_some(out, run.output) == Read::end) {
      out.reset();
    }
  }
  if (!reaped) {
    while (::waitpid(started.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  run.status = util::exit_status(status);
  return run;
}

} // namespace sd::housekeeping
