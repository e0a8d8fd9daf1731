#pragma once

#include <string>
#include <string_view>
#include <vector>

// How this program was called: its arguments and the name it was started as (docker,
// docker-compose, docker-guard or safedocker), which decides its face.

namespace sd::run {

/// The arguments, argv[0] first, in UTF-8. POSIX systems pass them as they are; on Windows the
/// command line is split as a Go program splits it (util/command_line.hpp), so safedocker.exe
/// sees exactly what docker.exe would have seen.
std::vector<std::string> program_arguments(int argc, char** argv);

/// The name in `argv0` without its directories (on Windows also without ".exe", in any case).
std::string_view program_name(std::string_view argv0);

} // namespace sd::run
