#include "run/spawn.hpp"

#include <cerrno>
#include <csignal>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace sd::run {

namespace {

volatile sig_atomic_t g_child = 0;

constexpr int k_forwarded[] = {SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
constexpr int k_ignored[] = {SIGINT, SIGQUIT};

void
forward_signal(int signal_number)
{
  if (g_child > 0) {
    ::kill(static_cast<pid_t>(g_child), signal_number);
  }
}

} // namespace

int
spawn_and_wait(const std::string& path, const std::vector<std::string>& argv, const std::function<void()>& while_running)
{
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
    struct sigaction current{};
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

  pid_t child = 0;
  const int spawn_error = ::posix_spawn(&child, path.c_str(), nullptr, &attributes, c_argv.data(), environ);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) {
    ::sigprocmask(SIG_SETMASK, &original_mask, nullptr);
    errno = spawn_error;
    return -1;
  }
  g_child = child;

  struct sigaction forward{};
  forward.sa_handler = forward_signal;
  sigemptyset(&forward.sa_mask);
  forward.sa_flags = SA_RESTART;
  for (const int s : k_forwarded) {
    ::sigaction(s, &forward, nullptr);
  }
  struct sigaction ignore{};
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
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  g_child = 0;
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

} // namespace sd::run
