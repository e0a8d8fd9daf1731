#pragma once

#include "grammar/parser.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Inside a test session (SAFEDOCKER_SESSION set), what docker creates is labelled with the
// session, so the session's teardown and the cleanup pass can find it.

namespace sd::housekeeping {

/// The session of this process: SAFEDOCKER_SESSION, or empty.
std::string current_session();

/// Whether the call creates something a session labels: container run/create, network create,
/// volume create.
bool creates_labelled_object(const grammar::ParsedCommand& parsed);

/// `parsed.args` with `--label safedocker.session=SESSION --label safedocker.created=UNIX_SECONDS`
/// inserted right after the command words (so after docker's global flags, and before the
/// image, any `--` and the container's own command); nullopt when the call creates nothing a
/// session labels, does not execute, or `session` is empty.
std::optional<std::vector<std::string>> session_labelled_args(const grammar::ParsedCommand& parsed,
                                                              std::string_view session, std::int64_t now_unix_seconds);

/// Storage for a call's argv with the session's labels: a parse of it points into `words`.
struct LabelledArgv
{
  std::vector<std::string> words;
  std::vector<std::string_view> views;
};

/// Inside the current session (SAFEDOCKER_SESSION), when `parsed` creates something the session
/// labels: keeps the labelled argv in `storage` and returns its parse (as `face`); otherwise
/// nullopt. Outside a session it costs one getenv.
std::optional<grammar::ParsedCommand> label_for_current_session(const grammar::ParsedCommand& parsed,
                                                                grammar::Face face, LabelledArgv& storage);

} // namespace sd::housekeeping
