#pragma once

#include "policy/rule.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd::policy {

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

/// What reading a rules text found: the rules and the settings that passed their checks, and
/// every problem, each one line "SOURCE:LINE:COLUMN: what is wrong; how to fix it" (a setting's
/// as "SOURCE:LINE:COLUMN: key = value: what is wrong; the fix"), in file order. A TOML syntax
/// error ends the reading; a bad [[rule]] is reported at its first problem and left out.
struct RulesReading
{
  RuleSet rules;
  std::vector<std::string> problems;
};

/// Reads and validates rules from `text`; `source` names it in messages. Never throws for the
/// text's content.
RulesReading read_rules(std::string_view text, const std::string& source);

/// Reads and validates the rules file at `path`, every problem collected; `reason` says why this
/// file (SAFEDOCKER_RULES, user rules file, named on the command line). A file that cannot be
/// read throws sd::Fatal (exit_code::k_bad_rules) naming it, the reason and the fix.
RulesReading read_rules_file(const std::string& path, const std::string& reason);

/// As read_rules, but a text with a problem throws sd::Fatal (exit_code::k_bad_rules) with the
/// first problem and how many more there are.
RuleSet parse_rules(std::string_view text, const std::string& source);

/// Loads the rules in force and applies the settings' environment variables. Throws sd::Fatal
/// when a file is unreadable or invalid.
/// 1. The system rules file, when it exists, is always read: it decides policy.locked (else the
///    built-in rules decide). A policy.locked in any other file is ignored and shown so.
/// 2. Locked: the system file (else the built-in rules) is in force; SAFEDOCKER_RULES, user
///    files, SAFEDOCKER_BYPASS and every setting variable not marked WhenLocked::honoured are
///    ignored, with one notice on stderr naming those that were set.
/// 3. Not locked: locate_rules_file, else the built-in default, then every setting variable.
/// A variable's value passes its setting's check, else it is a problem
/// "NAME=VALUE: key must be …; nothing was run". A problem throws sd::Fatal
/// (exit_code::k_bad_rules) with the first one and how many more there are.
RuleSet load_rules();

/// As load_rules, for guard rules check: every problem of the rules files read and of the
/// environment is added to `problems` instead of thrown. An unreadable file still throws.
RuleSet load_rules(std::vector<std::string>& problems);

/// Whether `rules` are locked (policy.locked from the system file or the built-in rules).
bool rules_locked(const RuleSet& rules);

/// The built-in default rules: the text of rules/default.toml.
std::string_view builtin_rules_text();

} // namespace sd::policy
