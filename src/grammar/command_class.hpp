#pragma once

#include "grammar/parser.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

// What kind of work a call is, for admission: which calls take a slot, which may be retried,
// which still run while the daemon is known to be down.

namespace sd::grammar {

enum class CommandClass : std::uint8_t {
  client,      ///< needs no daemon: version, context, login, help, compose config, …
  streaming,   ///< runs as long as something streams: logs -f, events, stats, wait, compose up (attached)
  interactive, ///< a person at a terminal: run -it, exec -it, attach, compose run/exec
  daemon,      ///< everything else: a bounded daemon operation
};

/// Every class, in the order the documentation names them.
inline constexpr CommandClass k_command_classes[] = {CommandClass::client, CommandClass::streaming,
                                                     CommandClass::interactive, CommandClass::daemon};

/// "client", "streaming", "interactive", "daemon".
std::string_view class_name(CommandClass value);
std::optional<CommandClass> class_from_name(std::string_view name);

/// The class of a parsed call.
CommandClass classify(const ParsedCommand& parsed);

/// Whether a failed call may be run again: it only reads, or it pulls or pushes (idempotent).
/// A call that may have changed something (run, rm, create, build, …) is never retried.
bool is_retryable(const ParsedCommand& parsed);

} // namespace sd::grammar
