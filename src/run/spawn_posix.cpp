#include "run/spawn.hpp"

#include "util/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sd::run {

namespace {

volatile sig_atomic_t g_child = 0;
volatile sig_atomic_t g_forwarded = 0;

constexpr int k_forwarded[] = {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
constexpr int k_ignored[] = {SIGINT, SIGQUIT};

void
forward_signal(int signal_number)
{
  if (g_child > 0) {
    ::kill(static_cast<pid_t>(g_child), signal_number);
    g_forwarded = 1;
  }
}

constexpr std::size_t k_tail_bytes = 64 * 1024;

// Copies what is readable on `fd` to stderr and the tail; false at end of file.
bool
pump(int fd, std::string& tail)
{
  char buffer[16384];
  const auto n = ::read(fd, buffer, sizeof buffer);
  if (n < 0) {
    return errno == EINTR || errno == EAGAIN;
  }
  if (n == 0) {
    return false;
  }
  for (ssize_t done = 0; done < n;) {
    const auto w = ::write(STDERR_FILENO, buffer + done, static_cast<std::size_t>(n - done));
    if (w < 0 && errno != EINTR) {
      break;
    }
    done += w > 0 ? w : 0;
  }
  tail.append(buffer, static_cast<std::size_t>(n));
  if (tail.size() > 2 * k_tail_bytes) {
    tail.erase(0, tail.size() - k_tail_bytes);
  }
  return true;
}

// Waits for the child while copying its stderr. The child's own children may hold the pipe open
// after it exits: once it has exited, what is readable is drained and the pipe is left.
int
wait_pumping(pid_t child, int fd, std::string& tail)
{
  int status = 0;
  bool open = true;
  while (true) {
    const auto done = ::waitpid(child, &status, WNOHANG);
    if (done == child) {
      break;
    }
    if (done < 0 && errno != EINTR) {
      return -1;
    }
    if (!open) {
      // End of file seen: nothing more to copy, block in waitpid.
      while (::waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
          return -1;
        }
      }
      break;
    }
    pollfd poll_fd{fd, POLLIN, 0};
    if (::poll(&poll_fd, 1, 50) > 0) {
      open = pump(fd, tail);
    }
  }
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  while (open && pump(fd, tail)) {
    pollfd poll_fd{fd, POLLIN, 0};
    if (::poll(&poll_fd, 1, 0) <= 0) {
      break;
    }
  }
  return status;
}

} // namespace

SpawnResult
spawn_and_wait(const std::string& path, const std::vector<std::string>& argv,
               const std::function<void()>& while_running, CaptureStderr capture, int inherited_fd)
{
  SpawnResult result;
  // Hold the signals until the child's pid is known, so none is lost or handled half-way.
  std::vector<int> held(std::begin(k_forwarded), std::end(k_forwarded));
  held.insert(held.end(), std::begin(k_ignored), std::end(k_ignored));
  const auto original_mask = util::block_signals(held);

  // The child gets the mask we had and default handlers, except where the caller ignored a
  // signal (nohup, `cmd &`): docker must inherit that as it would without safedocker.
  util::ChildSpec spec;
  spec.path = path;
  spec.argv = argv;
  spec.err = capture == CaptureStderr::yes ? util::ChildStream::pipe : util::ChildStream::ours;
  spec.blocked_signals = original_mask;
  spec.default_signals.assign(std::begin(k_forwarded), std::end(k_forwarded));
  for (const int s : k_ignored) {
    struct sigaction current = {};
    ::sigaction(s, nullptr, &current);
    if (current.sa_handler != SIG_IGN) {
      spec.default_signals.push_back(s);
    }
  }
  spec.keep_fd = inherited_fd;
  const auto child = util::start_child(spec);
  if (child.pid < 0) {
    const int saved = errno;
    util::set_blocked_signals(original_mask);
    errno = saved;
    result.status = -1;
    return result;
  }
  g_child = child.pid;

  struct sigaction forward = {};
  forward.sa_handler = forward_signal;
  sigemptyset(&forward.sa_mask);
  forward.sa_flags = SA_RESTART;
  for (const int s : k_forwarded) {
    ::sigaction(s, &forward, nullptr);
  }
  struct sigaction ignore = {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  for (const int s : k_ignored) {
    ::sigaction(s, &ignore, nullptr);
  }
  util::set_blocked_signals(original_mask);
  if (while_running) {
    while_running();
  }

  if (child.err_fd >= 0) {
    const int status = wait_pumping(child.pid, child.err_fd, result.stderr_tail);
    ::close(child.err_fd);
    result.status = status == -1 ? -1 : util::exit_status(status);
  } else {
    result.status = util::wait_child(child.pid);
  }
  g_child = 0;
  result.signal_forwarded = g_forwarded != 0;
  return result;
}

PipedChild
start_piped(const std::string& path, const std::vector<std::string>& argv)
{
  util::ChildSpec spec;
  spec.path = path;
  spec.argv = argv;
  spec.in = util::ChildStream::null;
  spec.out = util::ChildStream::pipe;
  spec.blocked_signals = std::vector<int>{};
  spec.default_signals = {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT, SIGUSR1, SIGUSR2};
  const auto child = util::start_child(spec);
  return {child.pid, child.out_fd};
}

} // namespace sd::run
