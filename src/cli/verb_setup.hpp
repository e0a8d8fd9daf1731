#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <span>
#include <string_view>

// One function per verb sets up its CLI11 subcommand and returns the runner to call when the
// subcommand was chosen. `rest` holds the words CLI11 must not read: for `guard check`, the
// docker argv after `--` (or from its first word on).

namespace sd::cli {

using VerbRunner = std::function<int(std::span<const std::string_view> rest)>;

VerbRunner setup_version(CLI::App& guard);
VerbRunner setup_which(CLI::App& guard);
VerbRunner setup_check(CLI::App& guard);
VerbRunner setup_rules(CLI::App& guard);
VerbRunner setup_stats(CLI::App& guard);
VerbRunner setup_log(CLI::App& guard);
VerbRunner setup_health(CLI::App& guard);
VerbRunner setup_reset(CLI::App& guard);
VerbRunner setup_scan(CLI::App& guard);
VerbRunner setup_install_hook(CLI::App& guard);
VerbRunner setup_session(CLI::App& guard);
VerbRunner setup_cleanup(CLI::App& guard);
VerbRunner setup_scheduler(CLI::App& guard);
VerbRunner setup_proxy(CLI::App& guard);

} // namespace sd::cli
