#include "housekeeping/wake_source.hpp"

#include "admission/unique_fd.hpp"
#include "util/fatal.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <string>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

namespace sd::housekeeping {

using namespace std::chrono;

struct WakeSource::State
{
  sigset_t old_mask{};
  admission::UniqueFd signals;
  admission::UniqueFd timer;
};

WakeSource::WakeSource()
  : m_state(std::make_unique<State>())
{
  sigset_t set;
  sigemptyset(&set);
  for (const int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) {
    sigaddset(&set, s);
  }
  ::sigprocmask(SIG_BLOCK, &set, &m_state->old_mask);
  m_state->signals = admission::UniqueFd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  m_state->timer = admission::UniqueFd(::timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK));
  if (!m_state->signals.valid() || !m_state->timer.valid()) {
    const std::string why = std::strerror(errno);
    ::sigprocmask(SIG_SETMASK, &m_state->old_mask, nullptr);
    throw Fatal(1, "cannot create the scheduler's signal and timer descriptors: " + why);
  }
}

WakeSource::~WakeSource()
{
  m_state->signals.reset();
  ::sigprocmask(SIG_SETMASK, &m_state->old_mask, nullptr);
}

std::string
WakeSource::signal_name(int signal)
{
  return ::strsignal(signal);
}

int
WakeSource::signal_fd() const
{
  return m_state->signals.get();
}

std::vector<int>
WakeSource::read_signals()
{
  std::vector<int> stops;
  signalfd_siginfo info{};
  while (::read(m_state->signals.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    if (info.ssi_signo != SIGCHLD) {
      stops.push_back(static_cast<int>(info.ssi_signo));
    }
  }
  return stops;
}

WakeSource::Woken
WakeSource::sleep_until(system_clock::time_point due)
{
  // One absolute timer on the wall clock: a sleep is a single poll() with no timeout, and a
  // clock that is set cancels it, so the caller reads the time again.
  itimerspec spec{};
  const auto ns = duration_cast<nanoseconds>(due.time_since_epoch()).count();
  spec.it_value.tv_sec = static_cast<time_t>(std::max<std::int64_t>(ns / 1000000000, 0));
  spec.it_value.tv_nsec = static_cast<long>(std::max<std::int64_t>(ns % 1000000000, 0));
  if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) {
    spec.it_value.tv_nsec = 1;
  }
  ::timerfd_settime(m_state->timer.get(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr);
  while (true) {
    pollfd fds[2] = {{m_state->signals.get(), POLLIN, 0}, {m_state->timer.get(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      return Woken::error;
    }
    if ((fds[0].revents & POLLIN) != 0) {
      return Woken::signal;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      std::uint64_t expirations = 0;
      [[maybe_unused]] const auto n =
        ::read(m_state->timer.get(), &expirations, sizeof expirations); // ECANCELED: clock set
      return Woken::due;
    }
  }
}

} // namespace sd::housekeeping
