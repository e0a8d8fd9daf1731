#include "run/spawn.hpp"

#include "util/child_process.hpp"
#include "util/windows_support.hpp"

#include <windows.h>

#include <io.h>

// Windows: docker.exe shares our console, so Ctrl-C and Ctrl-Break reach it from the console
// itself (Go turns them into its interrupt); safedocker swallows them and waits for docker's
// exit status, as it ignores SIGINT on POSIX systems. Closing the console, logging off or
// shutting down end docker too; they count as being told to stop. docker is not put in a job
// object: killing safedocker.exe leaves docker running, as SIGKILL does on POSIX systems (the
// slot is free at once either way).

namespace sd::run {

namespace {

volatile LONG g_forwarded = 0;

BOOL WINAPI
on_console_event(DWORD event)
{
  if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT) {
    ::InterlockedExchange(&g_forwarded, 1);
  }
  return TRUE; // handled: docker got the event from the console and decides
}

constexpr std::size_t k_tail_bytes = 64 * 1024;

// Copies what the pipe holds now to stderr and the tail; false at its end.
bool
pump(int fd, std::string& tail)
{
  const HANDLE err = ::GetStdHandle(STD_ERROR_HANDLE);
  return util::drain_pipe(fd, [&](std::string_view chunk) {
    for (std::size_t done = 0; done < chunk.size();) {
      DWORD wrote = 0;
      if (::WriteFile(err, chunk.data() + done, static_cast<DWORD>(chunk.size() - done), &wrote, nullptr) == 0
          || wrote == 0) {
        break;
      }
      done += wrote;
    }
    tail.append(chunk);
    if (tail.size() > 2 * k_tail_bytes) {
      tail.erase(0, tail.size() - k_tail_bytes);
    }
  });
}

} // namespace

SpawnResult
spawn_and_wait(const std::string& path, const std::vector<std::string>& argv,
               const std::function<void()>& while_running, CaptureStderr capture, int inherited_fd)
{
  SpawnResult result;
  util::ChildSpec spec;
  spec.path = path;
  spec.argv = argv;
  spec.err = capture == CaptureStderr::yes ? util::ChildStream::pipe : util::ChildStream::ours;
  spec.keep_fd = inherited_fd;
  ::SetConsoleCtrlHandler(on_console_event, TRUE);
  const auto child = util::start_child(spec);
  if (child.pid < 0) {
    ::SetConsoleCtrlHandler(on_console_event, FALSE);
    result.status = -1;
    return result;
  }
  if (while_running) {
    while_running();
  }
  if (child.err_fd >= 0) {
    // Copy docker's stderr while it runs; once it has ended, what is left is drained and the
    // pipe is left (docker's own children may hold it open).
    const HANDLE process = ::OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(child.pid));
    bool open = true;
    while (open && process != nullptr && ::WaitForSingleObject(process, 20) == WAIT_TIMEOUT) {
      open = pump(child.err_fd, result.stderr_tail);
    }
    if (open) {
      pump(child.err_fd, result.stderr_tail);
    }
    if (process != nullptr) {
      ::CloseHandle(process);
    }
    ::_close(child.err_fd);
  }
  result.status = util::wait_child(child.pid);
  ::SetConsoleCtrlHandler(on_console_event, FALSE);
  result.signal_forwarded = g_forwarded != 0;
  return result;
}

PipedChild
start_piped(const std::string& path, const std::vector<std::string>& argv)
{
  util::ChildSpec spec;
  spec.path = path;
  spec.argv = argv;
  spec.in = util::ChildStream::null;
  spec.out = util::ChildStream::pipe;
  const auto child = util::start_child(spec);
  return {child.pid, child.out_fd};
}

} // namespace sd::run
