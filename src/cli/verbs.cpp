#include "cli/verbs.hpp"

#include "cli/verb_setup.hpp"
#include "util/exit_codes.hpp"

#include "util/version.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace sd::cli {

int
run_guard_verb(std::span<const std::string_view> args)
{
  static const std::ios_base::Init streams; // see lazy_iostream.hpp
  CLI::App guard("safedocker's own verbs", "safedocker guard");
  guard.require_subcommand(1);
  const std::vector<VerbRunner> verbs = {
    setup_version(guard), setup_which(guard),   setup_check(guard),     setup_rules(guard), setup_stats(guard),
    setup_log(guard),     setup_health(guard),  setup_reset(guard),     setup_scan(guard),  setup_install_hook(guard),
    setup_session(guard), setup_cleanup(guard), setup_scheduler(guard), setup_proxy(guard),
  };
  // `guard check` takes docker's argv, which CLI11 must never parse: cut it off first.
  std::span<const std::string_view> rest;
  std::size_t own = args.size();
  if (!args.empty() && args.front() == "check") {
    own = 1;
    while (own < args.size() && args[own].starts_with("-") && args[own] != "--") {
      ++own;
    }
    rest = args.subspan(own < args.size() && args[own] == "--" ? own + 1 : own);
  } else if (!args.empty() && args.front() == "session") {
    // `guard session [OPTIONS] -- CMD…`: the command is never read as options.
    const auto dash = std::find(args.begin(), args.end(), std::string_view("--"));
    own = static_cast<std::size_t>(dash - args.begin());
    rest = args.subspan(std::min(own + 1, args.size()));
  }
  std::vector<std::string> words{"safedocker guard"};
  words.insert(words.end(), args.begin(), args.begin() + static_cast<std::ptrdiff_t>(own));
  std::vector<const char*> argv;
  for (const auto& word : words) {
    argv.push_back(word.c_str());
  }
  try {
    guard.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    const int status = guard.exit(error);
    return status == 0 ? 0 : exit_code::k_usage;
  }
  // Verbs were added in the order of `verbs`.
  const auto all = guard.get_subcommands([](const CLI::App*) { return true; });
  for (std::size_t i = 0; i < verbs.size() && i < all.size(); ++i) {
    if (all[i]->parsed()) {
      return verbs[i](rest);
    }
  }
  return exit_code::k_usage;
}

int
run_docker_plugin(std::span<const std::string_view> args)
{
  if (args.size() == 1 && args.front() == "docker-cli-plugin-metadata") {
    std::printf("{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"safedocker\",\"Version\":\"%s\","
                "\"ShortDescription\":\"safedocker's guard: rules, audit statistics and checks\"}\n",
                k_version);
    return 0;
  }
  // docker runs `docker-guard [docker's global flags] guard VERB…`: the verb starts after "guard".
  const auto guard = std::find(args.begin(), args.end(), std::string_view("guard"));
  if (guard == args.end()) {
    std::fputs("safedocker: error: docker-guard is a docker CLI plugin: run it as `docker guard VERB`\n", stderr);
    return exit_code::k_usage;
  }
  return run_guard_verb(args.subspan(static_cast<std::size_t>(guard - args.begin()) + 1));
}

} // namespace sd::cli
