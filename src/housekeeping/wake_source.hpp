#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

// What the cleanup scheduler sleeps on: its stop signals (SIGTERM, SIGINT, SIGHUP), SIGCHLD
// (which only wakes it) and one wall-clock time. Linux: a signalfd, and an absolute timerfd that
// a clock change (NTP step, suspend) cancels, so the loop reads the time again. Elsewhere: a
// self-pipe written by the signal handlers, and poll()'s timeout, at most a minute, so a clock
// change is seen within a minute.

namespace sd::housekeeping {

class WakeSource
{
public:
  /// Takes the signals over. Throws sd::Fatal(1) when that cannot be done.
  WakeSource();
  /// Gives the signals back as they were.
  ~WakeSource();
  WakeSource(const WakeSource&) = delete;
  WakeSource& operator=(const WakeSource&) = delete;

  /// Readable when a signal has arrived: poll it beside other descriptors.
  int signal_fd() const;

  /// A signal's name for people ("Terminated").
  static std::string signal_name(int signal);

  /// The stop signals that arrived since the last call, in order (SIGCHLD left out).
  std::vector<int> read_signals();

  enum class Woken : std::uint8_t { due, signal, error };
  /// Sleeps until wall-clock time `due` or a signal. The signals are left for read_signals.
  Woken sleep_until(std::chrono::system_clock::time_point due);

private:
  struct State;
  std::unique_ptr<State> m_state;
};

} // namespace sd::housekeeping
