#pragma once

#include <optional>
#include <string>
#include <vector>

// Starting a program: the one place where safedocker's children are set up, with argv as a
// vector (never a shell). Each of its standard streams is ours, /dev/null, or a pipe to us; it
// may get a process group of its own, signals set back to their defaults, a signal mask, and one
// of our close-on-exec descriptors left open. POSIX posix_spawn here.

namespace sd::util {

enum class ChildStream : unsigned char {
  ours, ///< the same as ours
  null, ///< /dev/null
  pipe, ///< a pipe whose other end is returned (close-on-exec)
};

struct ChildSpec
{
  std::vector<std::string> argv; ///< argv[0] included
  std::string path;              ///< the program; empty: argv[0] looked up on PATH
  ChildStream in = ChildStream::ours;
  ChildStream out = ChildStream::ours;
  ChildStream err = ChildStream::ours;
  bool own_process_group = false;
  /// Every signal at its default disposition in the child, even one we ignore (SIGKILL and
  /// SIGSTOP aside); otherwise only those of `default_signals`. (exec resets handled ones anyway.)
  bool all_signals_default = false;
  std::vector<int> default_signals;
  /// The child's signal mask: exactly these signals blocked; nullopt: ours at the time of the call.
  std::optional<std::vector<int>> blocked_signals;
  /// One of our descriptors to leave open in the child at the same number although it is
  /// close-on-exec here, or -1.
  int keep_fd = -1;
};

/// A started child: its pid and our ends of its pipes (-1 where it has none). The caller closes
/// them and waits for the child.
struct StartedChild
{
  int pid = -1; ///< -1 (errno set) when it could not be started
  int in_fd = -1;
  int out_fd = -1;
  int err_fd = -1;
};

StartedChild start_child(const ChildSpec& spec);

/// The exit status a wait status stands for: the child's own, or 128+N when signal N killed it.
int exit_status(int wait_status);

/// Waits for `pid` to end (through EINTR): its exit_status, or -1 (errno set).
int wait_child(int pid);

/// Blocks `signals` in this thread; returns the signals that were blocked before, by number.
std::vector<int> block_signals(const std::vector<int>& signals);

/// Blocks in this thread every signal sent to the process rather than caused by the thread (INT,
/// TERM, HUP, QUIT, USR1, USR2, WINCH, CHLD, PIPE, TSTP, CONT, ALRM): for a helper thread that
/// leaves them to the main thread. Returns the signals blocked before (none on Windows, which
/// has no signals to block).
std::vector<int> block_process_signals();

/// Sets this thread's blocked signals to exactly `signals`.
void set_blocked_signals(const std::vector<int>& signals);

} // namespace sd::util
