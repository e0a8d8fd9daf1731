#pragma once

#include "grammar/parser.hpp"
#include "policy/rule.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sd::policy {

/// What the policy says about one docker call. A value, not an error.
struct Decision
{
  Action action = Action::allow;
  const Rule* rule = nullptr;       ///< the matched rule; nullptr when none matched
  std::vector<std::string> flags;   ///< the rule's flag names that matched ("force")
  std::optional<std::size_t> token; ///< index in args of the offending token as typed
  std::string note;                 ///< why an unmatched call is allowed
};

/// Decides by the first rule, in file order, that matches `parsed`. Calls docker never executes
/// (help, completion, no command) are allowed without looking at the rules.
Decision decide(const RuleSet& rules, const grammar::ParsedCommand& parsed);

/// Whether `rule` matches `parsed`.
bool rule_matches(const Rule& rule, const grammar::ParsedCommand& parsed);

} // namespace sd::policy
