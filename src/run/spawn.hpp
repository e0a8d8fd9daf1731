#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sd::run {

enum class CaptureStderr : unsigned char { no, yes };

struct SpawnResult
{
  int status = 0;                ///< exit status, 128+N when signal N killed it, -1 (errno set) when not started
  std::string stderr_tail;       ///< the last 64 KB docker wrote to stderr, when captured
  bool signal_forwarded = false; ///< safedocker was told to stop (SIGTERM, SIGHUP, …) while it ran
};

/// Starts `path` with `argv` (argv[0] included; never through a shell), with our stdio, terminal
/// and environment, and waits for it. While it runs, SIGINT and SIGQUIT do not end safedocker
/// (the terminal sends them to the child too) and SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 are
/// forwarded to it. `while_running` is called once the child has started, before waiting: work
/// done there overlaps docker's run.
/// With CaptureStderr::yes, docker's stderr goes through a pipe: every byte is copied to our
/// stderr as it comes, and the tail is kept for classifying failures. Use it only when stderr is
/// not a terminal (docker must see its terminal).
/// `inherited_fd` (when >= 0) stays open in the child at the same number although it is
/// close-on-exec here: the child and what it starts share that open file (and any flock on it).
SpawnResult spawn_and_wait(const std::string& path, const std::vector<std::string>& argv,
                           const std::function<void()>& while_running = {}, CaptureStderr capture = CaptureStderr::no,
                           int inherited_fd = -1);

/// A child started by start_piped.
struct PipedChild
{
  int pid = -1;       ///< -1 (errno set) when it could not be started
  int stdout_fd = -1; ///< the read end of its stdout (close-on-exec); the caller closes it
};

/// Starts `path` with `argv` (argv[0] included; never through a shell) for a service that waits
/// for it itself: stdin is /dev/null, stdout a pipe returned to the caller, stderr and the
/// environment ours. The child starts with no signal blocked and SIGTERM, SIGINT, SIGHUP and
/// SIGCHLD at their defaults, whatever this process blocks or handles.
PipedChild start_piped(const std::string& path, const std::vector<std::string>& argv);

} // namespace sd::run
