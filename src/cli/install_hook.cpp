#include "cli/verb_setup.hpp"
#include "exit_codes.hpp"

#include <cstdio>

namespace sd::cli {

// Placeholder until the scanner lands: the verb exists and says it is not available yet.
VerbRunner
setup_install_hook(CLI::App& guard)
{
  guard.add_subcommand("install-hook", "(not available yet)");
  return [](std::span<const std::string_view>) {
    std::fputs("safedocker: guard install-hook is not available in this build yet\n", stderr);
    return exit_code::k_usage;
  };
}

} // namespace sd::cli
