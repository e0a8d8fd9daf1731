#pragma once

#include "policy/rule.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sd::policy {

/// The rules file in force and why: SAFEDOCKER_RULES, then $XDG_CONFIG_HOME/safedocker/rules.toml
/// (~/.config/…), then /etc/safedocker/rules.toml; nullopt means the built-in default.
/// A SAFEDOCKER_RULES that names a missing file is an error, never a silent fallback.
struct RulesLocation
{
  std::optional<std::string> path;
  std::string reason;
};
RulesLocation locate_rules_file();

/// Reads and validates rules from `text`; `source` names it in messages. Throws sd::Fatal
/// (exit_code::k_bad_rules) with "SOURCE:LINE:COLUMN: what is wrong; how to fix it".
RuleSet parse_rules(std::string_view text, const std::string& source);

/// Loads the rules in force (locate_rules_file, else the built-in default) and applies the
/// settings' environment variables. Throws sd::Fatal when the file is unreadable or invalid.
RuleSet load_rules();

/// The built-in default rules: the text of rules/default.toml.
std::string_view builtin_rules_text();

} // namespace sd::policy
