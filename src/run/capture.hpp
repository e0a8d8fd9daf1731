#pragma once

#include <string>
#include <vector>

namespace sd::run {

/// What a captured run produced.
struct Captured
{
  int status = 0;  ///< exit status, 128+N when signal N killed it, -1 (errno set) when not started
  std::string out; ///< everything written to stdout
  std::string err; ///< everything written to stderr
};

/// Runs `path` with `argv` (argv[0] included; never through a shell) and waits for it, with
/// stdin from /dev/null and stdout and stderr captured. The child runs in a process group of
/// its own and with default signal handling, so a Ctrl-C or a SIGTERM meant for us does not
/// reach it: a call in progress always finishes, and the caller decides what to do next. Our
/// own signal handlers stay as they are.
Captured run_captured(const std::string& path, const std::vector<std::string>& argv);

} // namespace sd::run
