#pragma once

#include "grammar/parser.hpp"
#include "policy/alternative.hpp"
#include "policy/decide.hpp"

#include <string>
#include <string_view>

namespace sd::policy {

/// The stderr block for a blocked or warned call: rule, offending token as typed, why, and the
/// alternative filled in. Ends with a newline.
/// `attendance`: whether someone at a terminal could answer a prompt (policy/alternative.hpp).
std::string explain_decision(const Decision& decision, const grammar::ParsedCommand& parsed, std::string_view program,
                             std::string_view rules_source, Attendance attendance);

} // namespace sd::policy
