#pragma once

#include <functional>
#include <string>
#include <vector>

namespace sd::run {

/// Starts `path` with `argv` (argv[0] included; never through a shell), with our stdio, terminal
/// and environment, and waits for it. While it runs, SIGINT and SIGQUIT do not end safedocker
/// (the terminal sends them to the child too) and SIGTERM, SIGHUP, SIGUSR1 and SIGUSR2 are
/// forwarded to it. `while_running` is called once the child has started, before waiting: work
/// done there overlaps docker's run. Returns its exit status, 128+N when signal N killed it, or
/// -1 with errno set when it could not be started.
int spawn_and_wait(const std::string& path,
                   const std::vector<std::string>& argv,
                   const std::function<void()>& while_running = {});

} // namespace sd::run
