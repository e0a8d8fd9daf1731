#include "policy/message.hpp"

#include "policy/alternative.hpp"
#include "util/shell_words.hpp"

namespace sd::policy {

std::string
explain_decision(const Decision& decision, const grammar::ParsedCommand& parsed, std::string_view program,
                 std::string_view rules_source, Attendance attendance)
{
  std::vector<std::string> call{std::string(program)};
  call.insert(call.end(), parsed.args.begin(), parsed.args.end());
  const bool blocked = decision.action == Action::block;
  std::string text =
    std::string("safedocker: ") + (blocked ? "blocked: " : "warning: ") + util::join_shell_words(call) + "\n";
  if (decision.rule != nullptr) {
    text += "  rule:    " + decision.rule->id + " (" + decision.rule->origin + ")\n";
  } else {
    text += "  rules:   " + std::string(rules_source) + "\n";
  }
  if (decision.token) {
    text += "  token:   " + util::quote_shell_word(parsed.args[*decision.token]);
    if (!decision.flags.empty()) {
      text += " (--" + decision.flags.front() + ")";
    }
    text += "\n";
  }
  if (decision.rule != nullptr && !decision.rule->why.empty()) {
    text += "  why:     " + decision.rule->why + "\n";
  }
  if (const auto steps = fill_alternative(decision, parsed, program, attendance); !steps.empty()) {
    text += "  instead: " + format_steps(steps) + "\n";
  }
  if (!parsed.errors.empty()) {
    text += "  note:    docker would also reject this line: " + parsed.errors.front() + "\n";
  }
  return text;
}

} // namespace sd::policy
