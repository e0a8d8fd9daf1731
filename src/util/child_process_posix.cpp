#include "util/child_process.hpp"

#include "util/cloexec.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sd::util {

namespace {

// The pipes of one start: [stream][0 read, 1 write], -1 where none.
using Pipes = std::array<std::array<int, 2>, 3>;

void
close_all(Pipes& pipes)
{
  for (auto& pipe : pipes) {
    for (int& fd : pipe) {
      if (fd >= 0) {
        ::close(fd);
        fd = -1;
      }
    }
  }
}

sigset_t
set_of(const std::vector<int>& signals)
{
  sigset_t set;
  sigemptyset(&set);
  for (const int s : signals) {
    sigaddset(&set, s);
  }
  return set;
}

} // namespace

StartedChild
start_child(const ChildSpec& spec)
{
  StartedChild started;
  std::vector<char*> c_argv;
  c_argv.reserve(spec.argv.size() + 1);
  for (const auto& arg : spec.argv) {
    c_argv.push_back(const_cast<char*>(arg.c_str()));
  }
  c_argv.push_back(nullptr);

  const std::array streams{spec.in, spec.out, spec.err};
  Pipes pipes{{{-1, -1}, {-1, -1}, {-1, -1}}};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd = 0; fd < 3; ++fd) {
    const auto i = static_cast<std::size_t>(fd);
    if (streams[i] == ChildStream::null) {
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    } else if (streams[i] == ChildStream::pipe) {
      int fds[2];
      if (!open_pipe(fds)) {
        const int saved = errno;
        posix_spawn_file_actions_destroy(&actions);
        close_all(pipes);
        errno = saved;
        return started;
      }
      pipes[i] = {fds[0], fds[1]};
      // The child's end: stdin reads, stdout and stderr write.
      posix_spawn_file_actions_adddup2(&actions, fd == 0 ? fds[0] : fds[1], fd);
    }
  }
  if (spec.keep_fd >= 0) {
    // dup2 onto itself clears close-on-exec in the child only (POSIX 2024; glibc since 2.29).
    posix_spawn_file_actions_adddup2(&actions, spec.keep_fd, spec.keep_fd);
  }

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  short flags = 0;
  sigset_t defaults = set_of(spec.default_signals);
  if (spec.all_signals_default) {
    sigfillset(&defaults);
    sigdelset(&defaults, SIGKILL);
    sigdelset(&defaults, SIGSTOP);
  }
  if (spec.all_signals_default || !spec.default_signals.empty()) {
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    flags |= POSIX_SPAWN_SETSIGDEF;
  }
  if (spec.blocked_signals) {
    const sigset_t mask = set_of(*spec.blocked_signals);
    posix_spawnattr_setsigmask(&attributes, &mask);
    flags |= POSIX_SPAWN_SETSIGMASK;
  }
  if (spec.own_process_group) {
    posix_spawnattr_setpgroup(&attributes, 0);
    flags |= POSIX_SPAWN_SETPGROUP;
  }
  posix_spawnattr_setflags(&attributes, flags);

  pid_t child = 0;
  const char* program = spec.path.empty() ? spec.argv.front().c_str() : spec.path.c_str();
  const int error = spec.path.empty() ? ::posix_spawnp(&child, program, &actions, &attributes, c_argv.data(), environ)
                                      : ::posix_spawn(&child, program, &actions, &attributes, c_argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  // The child's ends are the child's now.
  for (std::size_t i = 0; i < pipes.size(); ++i) {
    int& theirs = pipes[i][i == 0 ? 0 : 1];
    if (theirs >= 0) {
      ::close(theirs);
      theirs = -1;
    }
  }
  if (error != 0) {
    close_all(pipes);
    errno = error;
    return started;
  }
  started.pid = child;
  started.in_fd = pipes[0][1];
  started.out_fd = pipes[1][0];
  started.err_fd = pipes[2][0];
  return started;
}

int
exit_status(int wait_status)
{
  return WIFSIGNALED(wait_status) ? 128 + WTERMSIG(wait_status) : WEXITSTATUS(wait_status);
}

int
wait_child(int pid)
{
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return exit_status(status);
}

std::vector<int>
block_signals(const std::vector<int>& signals)
{
  const sigset_t add = set_of(signals);
  sigset_t before;
  sigemptyset(&before);
  ::pthread_sigmask(SIG_BLOCK, &add, &before);
  std::vector<int> blocked;
  for (int s = 1; s < NSIG; ++s) {
    if (sigismember(&before, s) == 1) {
      blocked.push_back(s);
    }
  }
  return blocked;
}

std::vector<int>
block_process_signals()
{
  return block_signals(
    {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD, SIGPIPE, SIGTSTP, SIGCONT, SIGALRM});
}

void
set_blocked_signals(const std::vector<int>& signals)
{
  const sigset_t mask = set_of(signals);
  ::pthread_sigmask(SIG_SETMASK, &mask, nullptr);
}

} // namespace sd::util
