#include "housekeeping/watched_child.hpp"

#include "util/child_process.hpp"

#include <windows.h>

#include <io.h>

// Windows: the child runs in a process group of its own, so that it alone can be asked to stop
// (a Ctrl-Break event, which a Go program takes as its interrupt) where POSIX systems send
// SIGTERM. The loop wakes every 50 ms to read the child's output and to ask whether to stop.

namespace sd::housekeeping {

namespace {

constexpr std::size_t k_max_output = 16 * 1024 * 1024;

// Appends what the pipe holds now; false at its end.
bool
read_available(HANDLE pipe, std::string& output)
{
  DWORD available = 0;
  if (::PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr) == 0) {
    return false;
  }
  while (available > 0) {
    char buffer[16384];
    DWORD got = 0;
    if (::ReadFile(pipe, buffer, available < sizeof buffer ? available : sizeof buffer, &got, nullptr) == 0
        || got == 0) {
      return false;
    }
    available -= got;
    if (output.size() < k_max_output) {
      output.append(buffer, got);
    }
  }
  return true;
}

} // namespace

ChildRun
run_watched_child(const std::string& program, const std::vector<std::string>& argv, WakeSource&,
                  const std::function<bool()>& stop_now)
{
  ChildRun run;
  util::ChildSpec spec;
  spec.path = program;
  spec.argv = argv;
  spec.in = util::ChildStream::null;
  spec.out = util::ChildStream::pipe;
  spec.own_process_group = true;
  const auto started = util::start_child(spec);
  if (started.pid < 0) {
    return run;
  }
  const HANDLE process = ::OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(started.pid));
  const auto pipe = reinterpret_cast<HANDLE>(::_get_osfhandle(started.out_fd));
  bool open = true;
  while (true) {
    if (!run.interrupted && stop_now()) {
      ::GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, static_cast<DWORD>(started.pid));
      run.interrupted = true;
    }
    const bool ended = process == nullptr || ::WaitForSingleObject(process, 50) != WAIT_TIMEOUT;
    if (open) {
      open = read_available(pipe, run.output);
    }
    if (ended) {
      break; // its own children may hold the pipe: what was there has been taken
    }
  }
  if (process != nullptr) {
    ::CloseHandle(process);
  }
  ::_close(started.out_fd);
  run.status = util::wait_child(started.pid);
  return run;
}

} // namespace sd::housekeeping
