#include "cli/verb_setup.hpp"
#include "exit_codes.hpp"

#include <cstdio>

namespace sd::cli {

// Placeholder until the scanner lands: the verb exists and says it is not available yet.
VerbRunner
setup_scan(CLI::App& guard)
{
  guard.add_subcommand("scan", "(not available yet)");
  return [](std::span<const std::string_view>) {
    std::fputs("safedocker: guard scan is not available in this build yet\n", stderr);
    return exit_code::k_usage;
  };
}

} // namespace sd::cli
