#include "cli/verb_setup.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

// guard proxy on Windows: the API guard listens on a unix socket and relays to one; Docker
// Desktop's engine is on a named pipe, which safedocker.exe does not serve or relay yet. The
// verb exists and says so, rather than being unknown.

namespace sd::cli {

VerbRunner
setup_proxy(CLI::App& guard)
{
  auto* verb = guard.add_subcommand("proxy", "Guard the Engine API (not available on Windows yet)");
  verb->allow_extras();
  return [](std::span<const std::string_view>) -> int {
    throw Fatal(exit_code::k_usage, "guard proxy: the API guard is not available on Windows yet (it serves unix "
                                    "sockets; Docker Desktop's engine is on a named pipe); the docker.exe shim "
                                    "guards the CLI's calls");
  };
}

} // namespace sd::cli
