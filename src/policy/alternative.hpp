#pragma once

#include "grammar/parser.hpp"
#include "policy/decide.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sd::policy {

/// Fills a rule's alternative template from the parsed call. Placeholders, each a whole word:
///   {docker}  the program as the user called it (docker, docker-compose)
///   {global}  docker's global flags as typed (`-c prod`)
///   {parent}  the command words before the last one, with their flags (`container`, `compose -f a.yml`)
///   {command} all command words as typed (`rm`, `container rm`)
///   {args}    everything after the command words, in order, without the matched flags
///   {flags}   the flags among {args};  {targets} the positionals (after `--` if one starts with -)
///   {grace}   the rule's grace_seconds
/// The result is one argv per step; steps are separated by a `&&` word in the template.
/// Where nobody can answer a prompt (`Attendance::unattended`) the rule's `unattended` template
/// is used when it has one: a prune's confirmation reads end-of-file there and cleans nothing.
enum class Attendance : std::uint8_t { terminal, unattended };
std::vector<std::vector<std::string>> fill_alternative(const Decision& decision, const grammar::ParsedCommand& parsed,
                                                       std::string_view program,
                                                       Attendance attendance = Attendance::terminal);

/// The steps joined for display: "docker stop web && docker rm web". A safedocker verb is
/// followed by what it does, in parentheses (safedocker_verb_note).
std::string format_steps(const std::vector<std::vector<std::string>>& steps);

/// For a step `safedocker guard VERB …` that an alternative may name (cleanup, session): what it
/// does, for the reader; nullptr for any other step.
const char* safedocker_verb_note(const std::vector<std::string>& step);

} // namespace sd::policy
