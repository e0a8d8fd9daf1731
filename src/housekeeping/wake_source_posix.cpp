#include "housekeeping/wake_source.hpp"

#include "util/cloexec.hpp"
#include "util/fatal.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <unistd.h>

namespace sd::housekeeping {

using namespace std::chrono;

namespace {

constexpr std::array k_signals{SIGTERM, SIGINT, SIGHUP, SIGCHLD};
// The longest sleep: a wall clock that is set is seen within this.
constexpr milliseconds k_longest_sleep = minutes(1);

// The self-pipe's write end, for the handler (one WakeSource at a time).
volatile sig_atomic_t g_write_fd = -1;

extern "C" void
on_signal(int signal)
{
  const int saved = errno;
  const auto byte = static_cast<unsigned char>(signal);
  [[maybe_unused]] const auto n = ::write(g_write_fd, &byte, 1); // full pipe: a wake-up is pending anyway
  errno = saved;
}

} // namespace

struct WakeSource::State
{
  int fds[2] = {-1, -1};
  std::array<struct sigaction, k_signals.size()> old_actions{};
};

WakeSource::WakeSource()
  : m_state(std::make_unique<State>())
{
  if (!util::open_pipe(m_state->fds) || ::fcntl(m_state->fds[0], F_SETFL, O_NONBLOCK) != 0
      || ::fcntl(m_state->fds[1], F_SETFL, O_NONBLOCK) != 0) {
    throw Fatal(1, std::string("cannot create the scheduler's signal pipe: ") + std::strerror(errno));
  }
  g_write_fd = m_state->fds[1];
  struct sigaction action = {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  for (std::size_t i = 0; i < k_signals.size(); ++i) {
    ::sigaction(k_signals[i], &action, &m_state->old_actions[i]);
  }
}

WakeSource::~WakeSource()
{
  for (std::size_t i = 0; i < k_signals.size(); ++i) {
    ::sigaction(k_signals[i], &m_state->old_actions[i], nullptr);
  }
  g_write_fd = -1;
  ::close(m_state->fds[0]);
  ::close(m_state->fds[1]);
}

std::string
WakeSource::signal_name(int signal)
{
  return ::strsignal(signal);
}

int
WakeSource::signal_fd() const
{
  return m_state->fds[0];
}

std::vector<int>
WakeSource::read_signals()
{
  std::vector<int> stops;
  unsigned char bytes[64];
  ssize_t got = 0;
  while ((got = ::read(m_state->fds[0], bytes, sizeof bytes)) > 0) {
    for (ssize_t i = 0; i < got; ++i) {
      if (bytes[i] != SIGCHLD) {
        stops.push_back(bytes[i]);
      }
    }
  }
  return stops;
}

WakeSource::Woken
WakeSource::sleep_until(system_clock::time_point due)
{
  while (true) {
    const auto left = ceil<milliseconds>(due - system_clock::now());
    if (left.count() <= 0) {
      return Woken::due;
    }
    pollfd fd{m_state->fds[0], POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(std::min(left, k_longest_sleep).count()));
    if (ready < 0 && errno != EINTR) {
      return Woken::error;
    }
    if (ready > 0) {
      return Woken::signal;
    }
  }
}

} // namespace sd::housekeeping
