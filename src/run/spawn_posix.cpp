#include "run/spawn.hpp"

#include "util/cloexec.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

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
  std::vector<char*> c_argv;
  c_argv.reserve(argv.size() + 1);
  for (const auto& arg : argv) {
    c_argv.push_back(const_cast<char*>(arg.c_str()));
  }
  c_argv.push_back(nullptr);

  // Hold the signals until the child's pid is known, so none is lost or handled half-way.
  sigset_t held;
  sigset_t original_mask;
  sigemptyset(&held);
  for (const int s : k_forwarded) {
    sigaddset(&held, s);
  }
  for (const int s : k_ignored) {
    sigaddset(&held, s);
  }
  ::sigprocmask(SIG_BLOCK, &held, &original_mask);

  // The child gets the mask we had and default handlers, except where the caller ignored a
  // signal (nohup, `cmd &`): docker must inherit that as it would without safedocker.
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int s : k_forwarded) {
    sigaddset(&defaults, s);
  }
  for (const int s : k_ignored) {
    struct sigaction current = {};
    ::sigaction(s, nullptr, &current);
    if (current.sa_handler != SIG_IGN) {
      sigaddset(&defaults, s);
    }
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setsigmask(&attributes, &original_mask);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  int pipe_fds[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (capture == CaptureStderr::yes && util::open_pipe(pipe_fds)) {
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  }
  if (inherited_fd >= 0) {
    // dup2 onto itself clears close-on-exec in the child only (POSIX 2024; glibc since 2.29).
    posix_spawn_file_actions_adddup2(&actions, inherited_fd, inherited_fd);
  }

  pid_t child = 0;
  const int spawn_error = ::posix_spawn(&child, path.c_str(), &actions, &attributes, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (pipe_fds[1] >= 0) {
    ::close(pipe_fds[1]);
  }
  if (spawn_error != 0) {
    ::sigprocmask(SIG_SETMASK, &original_mask, nullptr);
    if (pipe_fds[0] >= 0) {
      ::close(pipe_fds[0]);
    }
    errno = spawn_error;
    result.status = -1;
    return result;
  }
  g_child = child;

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
  ::sigprocmask(SIG_SETMASK, &original_mask, nullptr);
  if (while_running) {
    while_running();
  }

  int status = 0;
  if (pipe_fds[0] >= 0) {
    status = wait_pumping(child, pipe_fds[0], result.stderr_tail);
    ::close(pipe_fds[0]);
  } else {
    while (::waitpid(child, &status, 0) < 0) {
      if (errno != EINTR) {
        status = -1;
        break;
      }
    }
  }
  g_child = 0;
  result.signal_forwarded = g_forwarded != 0;
  if (status == -1) {
    result.status = -1;
  } else if (WIFSIGNALED(status)) {
    result.status = 128 + WTERMSIG(status);
  } else {
    result.status = WEXITSTATUS(status);
  }
  return result;
}

PipedChild
start_piped(const std::string& path, const std::vector<std::string>& argv)
{
  PipedChild started;
  std::vector<char*> c_argv;
  c_argv.reserve(argv.size() + 1);
  for (const auto& arg : argv) {
    c_argv.push_back(const_cast<char*>(arg.c_str()));
  }
  c_argv.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  if (!util::open_pipe(pipe_fds)) {
    return started;
  }
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, s);
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setsigmask(&attributes, &empty);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  pid_t child = 0;
  const int spawn_error = ::posix_spawn(&child, path.c_str(), &actions, &attributes, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(pipe_fds[1]);
  if (spawn_error != 0) {
    ::close(pipe_fds[0]);
    errno = spawn_error;
    return started;
  }
  started.pid = child;
  started.stdout_fd = pipe_fds[0];
  return started;
}

} // namespace sd::run
