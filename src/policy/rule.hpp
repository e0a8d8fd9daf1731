#pragma once

#include "config/settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd::policy {

enum class Action : std::uint8_t { allow, warn, block, rewrite };

/// "allow", "warn", "block", "rewrite".
std::string_view action_name(Action action);
std::optional<Action> action_from_name(std::string_view name);

/// One condition on a flag: `force` (set: a true boolean or a given value) or
/// `volume=/var/run/docker.sock*` (some value matches the glob).
struct FlagCondition
{
  std::string flag;
  std::optional<std::string> value_glob;
};

/// What the API guard does with a blocked forced removal of a running container.
enum class ApiRunning : std::uint8_t { stop, deny };

struct Rule
{
  std::string id;
  std::vector<std::string> commands; ///< globs over canonical paths; "*" is every command
  std::vector<FlagCondition> flags;  ///< all must hold
  std::vector<std::string> args;     ///< if given, some positional must match one glob
  Action action = Action::block;
  std::string why;
  std::string alternative; ///< template, see alternative.hpp
  /// The alternative where nobody can answer a prompt (CI, a script, a recipe, stdin not a
  /// terminal); empty: `alternative` there too.
  std::string unattended;
  int grace_seconds = 10; ///< for {grace} in a rewrite
  /// Through the API guard, a forced removal of a running container that this rule blocks:
  /// stopped with grace_seconds first, then removed (stop), or refused (deny).
  ApiRunning api_running = ApiRunning::stop;
  std::string origin; ///< "FILE:LINE"
};

/// The rules and settings in force, and where they came from.
struct RuleSet
{
  std::vector<Rule> rules;
  config::Settings settings;
  std::string source; ///< the file read, or "built-in default"
  std::string why;    ///< why that one: "SAFEDOCKER_RULES", "user rules file", "policy.locked", …
  /// Set, with policy.locked, by load_rules: the environment variables that were set and ignored.
  std::vector<std::string> ignored_environment;
};

} // namespace sd::policy
