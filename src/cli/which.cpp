#include "cli/verb_setup.hpp"
#include "policy/rules_file.hpp"
#include "run/find_program.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace sd::cli {

VerbRunner
setup_which(CLI::App& guard)
{
  struct Options
  {
    bool json = false;
    bool compose = false;
  };
  auto options = std::make_shared<Options>();
  auto* which = guard.add_subcommand("which", "Print the real docker that safedocker runs, and why");
  which->add_flag("--json", options->json, "Print one JSON object");
  which->add_flag("--compose", options->compose, "The real docker-compose instead");
  return [options](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto name = options->compose ? "docker-compose" : "docker";
    const auto real =
      run::find_real_program(name, rules.settings, options->compose ? "docker.compose_path" : "docker.path");
    if (options->json) {
      const nlohmann::json out = {{"program", name}, {"path", real.path}, {"reason", real.reason}};
      std::printf("%s\n", out.dump().c_str());
    } else {
      std::printf("%s\n  chosen because: %s\n", real.path.c_str(), real.reason.c_str());
    }
    return 0;
  };
}

} // namespace sd::cli
