#pragma once

#include "policy/rule.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sd::policy {

/// The system rules file. Fixed at build time on purpose: it is the one file that can set
/// policy.locked, so nothing a user controls may move it.
constexpr const char* k_system_rules_path = "/etc/safedocker/rules.toml";

/// The environment variables outside the settings table that policy.locked makes load_rules
/// ignore: they would choose another rules file or let a blocked call run.
constexpr const char* k_locked_out_variables[] = {"SAFEDOCKER_RULES", "SAFEDOCKER_BYPASS"};

/// The rules file in force and why (when the rules are not locked): SAFEDOCKER_RULES, then $XDG_CONFIG_HOME/safedocker/rules.toml
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

/// Loads the rules in force and applies the settings' environment variables. Throws sd::Fatal
/// when a file is unreadable or invalid.
/// 1. The system rules file, when it exists, is always read: it decides policy.locked (else the
///    built-in rules decide). A policy.locked in any other file is ignored and shown so.
/// 2. Locked: the system file (else the built-in rules) is in force; SAFEDOCKER_RULES, user
///    files, SAFEDOCKER_BYPASS and every setting variable not marked WhenLocked::honoured are
///    ignored, with one notice on stderr naming those that were set.
/// 3. Not locked: locate_rules_file, else the built-in default, then every setting variable.
RuleSet load_rules();

/// Whether `rules` are locked (policy.locked from the system file or the built-in rules).
bool rules_locked(const RuleSet& rules);

/// The built-in default rules: the text of rules/default.toml.
std::string_view builtin_rules_text();

} // namespace sd::policy
