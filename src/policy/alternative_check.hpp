#pragma once

#include "policy/rule.hpp"

#include <string>
#include <vector>

namespace sd::policy {

/// Checks that advice is never denied: for each block, warn or rewrite rule and each concrete
/// command it names, a sample call that the rule matches is decided, and every step of the
/// filled-in alternative must itself be allowed or warned by `rules`. Returns one line per
/// problem ("RULE: alternative `…` is blocked by rule OTHER"); empty when all pass.
std::vector<std::string> check_alternatives(const RuleSet& rules);

/// Whether every step of `steps` passes `rules`; the first failing step's explanation otherwise.
std::string check_steps(const RuleSet& rules, const std::vector<std::vector<std::string>>& steps);

} // namespace sd::policy
