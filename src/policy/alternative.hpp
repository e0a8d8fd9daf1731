#pragma once

#include "grammar/parser.hpp"
#include "policy/decide.hpp"

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
std::vector<std::vector<std::string>> fill_alternative(const Decision& decision,
                                                       const grammar::ParsedCommand& parsed,
                                                       std::string_view program);

/// The steps joined for display: "docker stop web && docker rm web".
std::string format_steps(const std::vector<std::vector<std::string>>& steps);

} // namespace sd::policy
