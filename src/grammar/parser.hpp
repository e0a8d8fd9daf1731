#pragma once

#include "grammar/command_table.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// docker's argv grammar: global flags, command path through aliases, per-command flags by pflag's
// rules, and where a container's own command line begins.

namespace sd::grammar {

/// Which program the argv is for.
enum class Face : std::uint8_t {
  docker,         ///< `docker ARGS…` (and `safedocker ARGS…`)
  docker_compose, ///< the standalone `docker-compose ARGS…`
};

/// One flag as it was set on the command line.
struct FlagUse
{
  std::string name;  ///< canonical long name ("force" for `-f` in `rm`)
  std::string value; ///< the value; "true" for a boolean given alone
  Arity arity = Arity::none;
  std::size_t arg = 0;                  ///< index in args of the token that set it
  std::size_t letter = 0;               ///< offset of the letter in a short cluster (`-vf` → 2); 0 for `--x`
  std::optional<std::size_t> value_arg; ///< index of a separate value token (`--name web`)
};

enum class CommandKind : std::uint8_t {
  none,       ///< no command word: `docker`, `docker --version`
  known,      ///< a command of the tables (built-in, compose, buildx, trust)
  unknown,    ///< a plugin or subcommand the tables do not know: read conservatively
  help,       ///< `docker help …`: nothing runs
  completion, ///< `docker __complete …`, `docker completion …`: nothing runs
};

struct ParsedCommand
{
  std::vector<std::string_view> args; ///< argv without argv[0]
  std::vector<FlagUse> global_flags;  ///< docker's root flags (`-H`, `--context`, …)
  CommandKind kind = CommandKind::none;
  std::string path;                             ///< canonical path ("container rm"); the words as typed if unknown
  std::vector<std::size_t> words;               ///< indexes in args of the command words
  std::vector<FlagUse> flags;                   ///< flags of the command and of the groups above it
  std::vector<std::size_t> positionals;         ///< indexes in args, container command included
  std::optional<std::size_t> container_command; ///< index where the container's command begins
  std::vector<std::string> errors;              ///< flag errors docker would stop on (nothing runs)

  /// The last use of flag `name`, or nullptr.
  const FlagUse* last(std::string_view name) const;
  /// Whether flag `name` is in effect: a boolean whose last value is true (an invalid boolean
  /// counts as true, the cautious reading), or a value flag given at least once.
  bool is_set(std::string_view name) const;
  /// Whether `--help` is in effect, so docker only prints help.
  bool wants_help() const;
  /// Whether docker would execute a command for this argv.
  bool executes() const;
};

/// Parses `args` (argv without argv[0]) by docker's grammar. Never throws: flag errors go to
/// `errors`, and parsing goes on leniently so later tokens are still understood.
ParsedCommand parse(std::span<const std::string_view> args, Face face);

/// Go's strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False; nullopt otherwise.
std::optional<bool> parse_bool(std::string_view text);

} // namespace sd::grammar
