#include "util/version.hpp"
#include "cli/verb_setup.hpp"

#include <cstdio>

namespace sd::cli {

VerbRunner
setup_version(CLI::App& guard)
{
  guard.add_subcommand("version", "Print safedocker's version");
  return [](std::span<const std::string_view>) {
    std::printf("safedocker %s\n", k_version);
    return 0;
  };
}

} // namespace sd::cli
