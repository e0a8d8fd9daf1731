#include "policy/decide.hpp"

#include "util/glob.hpp"

namespace sd::policy {

namespace {

bool
glob_matches(const std::string& glob, std::string_view text)
{
  return util::glob_matches(glob, std::string(text));
}

bool
condition_holds(const FlagCondition& condition, const grammar::ParsedCommand& parsed)
{
  if (!condition.value_glob) {
    return parsed.is_set(condition.flag);
  }
  for (const auto& use : parsed.flags) {
    if (use.name == condition.flag && glob_matches(*condition.value_glob, use.value)) {
      return true;
    }
  }
  return false;
}

} // namespace

bool
rule_matches(const Rule& rule, const grammar::ParsedCommand& parsed)
{
  bool command_matches = false;
  for (const auto& glob : rule.commands) {
    command_matches = command_matches || glob_matches(glob, parsed.path);
  }
  if (!command_matches) {
    return false;
  }
  for (const auto& condition : rule.flags) {
    if (!condition_holds(condition, parsed)) {
      return false;
    }
  }
  if (rule.args.empty()) {
    return true;
  }
  for (const auto index : parsed.positionals) {
    if (parsed.container_command && index >= *parsed.container_command) {
      break; // the container's command line is not docker's
    }
    for (const auto& glob : rule.args) {
      if (glob_matches(glob, parsed.args[index])) {
        return true;
      }
    }
  }
  return false;
}

Decision
decide(const RuleSet& rules, const grammar::ParsedCommand& parsed)
{
  Decision decision;
  if (!parsed.executes()) {
    decision.note = "docker does not execute this call (help, completion or no command)";
    return decision;
  }
  for (const auto& rule : rules.rules) {
    if (!rule_matches(rule, parsed)) {
      continue;
    }
    decision.action = rule.action;
    decision.rule = &rule;
    for (const auto& condition : rule.flags) {
      decision.flags.push_back(condition.flag);
      if (const auto* use = parsed.last(condition.flag); use != nullptr && !decision.token) {
        decision.token = use->arg;
      }
    }
    return decision;
  }
  decision.note = "no rule matched";
  return decision;
}

} // namespace sd::policy
