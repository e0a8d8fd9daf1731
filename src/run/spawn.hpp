#pragma once

#include <string>
#include <vector>

namespace sd::run {

/// Starts `path` with `argv` (argv[0] included; never through a shell), with our stdio, terminal
/// and environment, and waits for it. While it runs, SIGINT and SIGQUIT do not end safedocker
/// (the terminal sends them to the child too) and SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 are
/// forwarded to it. Returns its exit status, 128+N when signal N killed it, or -1 with errno set
/// when it could not be started.
int spawn_and_wait(const std::string& path, const std::vector<std::string>& argv);

} // namespace sd::run
