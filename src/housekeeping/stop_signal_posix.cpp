#include "housekeeping/stop_signal.hpp"

#include <csignal>
#include <initializer_list>

namespace sd::housekeeping {

namespace {

volatile std::sig_atomic_t g_stop_signal = 0;

void
note_stop(int signal_number)
{
  if (g_stop_signal == 0) {
    g_stop_signal = signal_number;
  }
}

} // namespace

void
catch_stop_signals()
{
  struct sigaction action = {};
  action.sa_handler = note_stop;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (const int s : {SIGTERM, SIGINT, SIGHUP}) {
    ::sigaction(s, &action, nullptr);
  }
}

int
stop_signal()
{
  return g_stop_signal;
}

} // namespace sd::housekeeping
