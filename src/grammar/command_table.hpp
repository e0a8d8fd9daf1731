#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

// docker's command tree and flag tables: facts of the docker CLI, compose, buildx and the model
// plugin, as data.

namespace sd::grammar {

/// How a flag takes its value (pflag).
enum class Arity : std::uint8_t {
  none,     ///< boolean: `--rm`, `--rm=false`; never consumes the next token
  value,    ///< `--name v`, `--name=v`, `-nv`, `-n v`: always consumes a value, even `-f`
  optional, ///< NoOptDefVal: a value only as `--check=v`; alone it means "true"
};

struct FlagSpec
{
  std::string_view name; ///< long name without dashes: "force"
  char shorthand;        ///< 'f', or '\0' when the flag has none
  Arity arity;
};

enum class Runs : std::uint8_t { no, yes };
/// Whether flags may follow positionals (pflag SetInterspersed).
enum class Interspersed : std::uint8_t { no, yes };

/// One node of the command tree: a group (`container`), a command (`container rm`) or both
/// (`buildx history inspect`, which has a subcommand).
struct CommandSpec
{
  std::string_view path;           ///< canonical path: "container rm"; "" is the root
  std::span<const FlagSpec> flags; ///< local flags, sorted by name
  Runs runs;                       ///< no: a pure group that only prints help
  Interspersed interspersed;
};

/// A word that names a command under a parent: ("", "rm") → "container rm".
struct CommandWord
{
  std::string_view parent;
  std::string_view word;
  std::string_view target;
};

/// All commands, sorted by path.
extern const std::array<CommandSpec, 266> k_commands;
/// All words including aliases, sorted by (parent, word).
extern const std::array<CommandWord, 341> k_command_words;

/// The command with canonical `path`, or nullptr.
const CommandSpec* find_command(std::string_view path);
/// What `word` names under `parent`, or nullptr.
const CommandSpec* find_command_word(std::string_view parent, std::string_view word);
/// Whether some word names a child of `path`.
bool has_children(std::string_view path);

/// The flag called `name` (long) in `flags`, or nullptr.
const FlagSpec* find_long_flag(std::span<const FlagSpec> flags, std::string_view name);
/// The flag with shorthand `c` in `flags`, or nullptr.
const FlagSpec* find_short_flag(std::span<const FlagSpec> flags, char c);

/// Flags of a group that are valid between its words and the next (`docker` global flags,
/// compose's root flags): local to that level.
std::span<const FlagSpec> group_local_flags(std::string_view path);
/// Flags a group passes down to every command below it (buildx `--builder`, stack
/// `--orchestrator`, compose `--dry-run`).
std::span<const FlagSpec> persistent_flags(std::string_view path);
/// Flags the standalone `docker-compose` accepts before its subcommand and moves in front of
/// `compose` (docker's own global flags).
std::span<const FlagSpec> compose_standalone_global_flags();

/// Commands whose first positional is followed by the container's own command line.
bool takes_container_command(std::string_view path);

} // namespace sd::grammar
