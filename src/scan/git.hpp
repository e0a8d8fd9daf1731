#pragma once

#include <optional>
#include <string>
#include <vector>

// Running git for the scanner: listing a work tree's files, the staged files and their blobs.
// git is started with posix_spawnp and an argv vector, never through a shell.

namespace sd::scan {

/// What a git command wrote on stdout, and how it exited.
struct GitOutput
{
  int status = -1; ///< git's exit status
  std::string out; ///< its standard output
};

/// Runs `git ARGS…` found on PATH, with stdin and stderr on /dev/null and stdout captured.
/// nullopt when git cannot be started.
std::optional<GitOutput> run_git(const std::vector<std::string>& args);

/// Splits `git … -z` output at its NUL bytes.
std::vector<std::string> split_nul(const std::string& text);

} // namespace sd::scan
