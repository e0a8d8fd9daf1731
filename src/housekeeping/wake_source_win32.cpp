#include "housekeeping/wake_source.hpp"

#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <windows.h>

#include <algorithm>
#include <csignal>
#include <mutex>
#include <utility>

// Windows: console events stand for the stop signals (Ctrl-C as SIGINT; Ctrl-Break, closing
// the console, logoff and shutdown as SIGTERM). The handler, on a thread of the system's, notes
// the event and sets an event object that a sleep waits on with the due time as its timeout,
// at most a minute, so a clock change is seen within a minute (as on POSIX systems without
// timerfd). There is no descriptor to poll: signal_fd() is -1, and watched children are waited
// for with the event object's state (watched_child_win32.cpp).

namespace sd::housekeeping {

namespace {

std::mutex g_mutex;
std::vector<int> g_pending;
HANDLE g_event = nullptr;

BOOL WINAPI
on_console_event(DWORD event)
{
  {
    const std::lock_guard lock(g_mutex);
    g_pending.push_back(event == CTRL_C_EVENT ? SIGINT : SIGTERM);
  }
  if (g_event != nullptr) {
    ::SetEvent(g_event);
  }
  return TRUE;
}

} // namespace

struct WakeSource::State
{};

WakeSource::WakeSource()
  : m_state(std::make_unique<State>())
{
  g_event = ::CreateEventW(nullptr, FALSE, FALSE, nullptr);
  if (g_event == nullptr || ::SetConsoleCtrlHandler(on_console_event, TRUE) == 0) {
    throw Fatal(1, "safedocker: scheduler: cannot watch the console's stop events");
  }
}

WakeSource::~WakeSource()
{
  ::SetConsoleCtrlHandler(on_console_event, FALSE);
  ::CloseHandle(g_event);
  g_event = nullptr;
}

int
WakeSource::signal_fd() const
{
  return -1;
}

std::string
WakeSource::signal_name(int signal)
{
  return signal == SIGINT ? "Ctrl-C" : "a request to stop (Ctrl-Break, console closed, logoff or shutdown)";
}

std::vector<int>
WakeSource::read_signals()
{
  const std::lock_guard lock(g_mutex);
  return std::exchange(g_pending, {});
}

WakeSource::Woken
WakeSource::sleep_until(std::chrono::system_clock::time_point due)
{
  using namespace std::chrono;
  {
    const std::lock_guard lock(g_mutex);
    if (!g_pending.empty()) {
      return Woken::signal;
    }
  }
  const auto left = ceil<milliseconds>(due - system_clock::now());
  const auto wait = std::clamp<std::int64_t>(left.count(), 0, 60'000);
  switch (::WaitForSingleObject(g_event, static_cast<DWORD>(wait))) {
  case WAIT_OBJECT_0:
    return Woken::signal;
  case WAIT_TIMEOUT:
    return system_clock::now() >= due ? Woken::due : Woken::signal;
  default:
    return Woken::error;
  }
}

} // namespace sd::housekeeping
