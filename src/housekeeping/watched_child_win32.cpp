#include "housekeeping/watched_child.hpp"

#include "util/child_process.hpp"
#include "util/windows_support.hpp"

#include <windows.h>

#include <io.h>

// Windows: the child runs in a process group of its own, so that it alone can be asked to stop
// (a Ctrl-Break event, which a Go program takes as its interrupt) where POSIX systems send
// SIGTERM. The loop wakes every 50 ms to read the child's output and to ask whether to stop.

namespace sd::housekeeping {

namespace {

constexpr std::size_t k_max_output = 16 * 1024 * 1024;

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
  bool open = true;
  while (true) {
    if (!run.interrupted && stop_now()) {
      ::GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, static_cast<DWORD>(started.pid));
      run.interrupted = true;
    }
    const bool ended = process == nullptr || ::WaitForSingleObject(process, 50) != WAIT_TIMEOUT;
    if (open) {
      open = util::drain_pipe(started.out_fd, [&](std::string_view chunk) {
        if (run.output.size() < k_max_output) {
          run.output.append(chunk);
        }
      });
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
