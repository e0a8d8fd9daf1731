#include "housekeeping/stop_signal.hpp"

#include <windows.h>

#include <csignal>

// Windows has console events where POSIX systems have signals: Ctrl-C counts as SIGINT;
// Ctrl-Break, closing the console, logging off and shutting down as SIGTERM.

namespace sd::housekeeping {

namespace {

volatile LONG g_stop_signal = 0;

BOOL WINAPI
note_stop(DWORD event)
{
  const LONG signal_number = event == CTRL_C_EVENT ? SIGINT : SIGTERM;
  ::InterlockedCompareExchange(&g_stop_signal, signal_number, 0);
  return TRUE;
}

} // namespace

void
catch_stop_signals()
{
  ::SetConsoleCtrlHandler(note_stop, TRUE);
}

int
stop_signal()
{
  return static_cast<int>(g_stop_signal);
}

} // namespace sd::housekeeping
