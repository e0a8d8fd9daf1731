#include "policy/rules_file.hpp"

#include "exit_codes.hpp"
#include "grammar/command_table.hpp"
#include "grammar/parser.hpp"
#include "policy/toml_library.hpp"
#include "util/fatal.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace sd::policy {

namespace {

constexpr std::string_view k_rule_keys =
  "id, commands, flags, args, action, why, alternative, grace_seconds";
constexpr std::string_view k_placeholders[] = {
  "{args}", "{command}", "{docker}", "{flags}", "{global}", "{grace}", "{parent}", "{targets}"};

[[noreturn]] void
fail(const std::string& source, const toml::source_region& where, const std::string& message)
{
  std::ostringstream text;
  text << source << ':' << where.begin.line << ':' << where.begin.column << ": " << message;
  throw Fatal(exit_code::k_bad_rules, text.str());
}

std::string
line_origin(const std::string& source, const toml::node& node)
{
  return source + ":" + std::to_string(node.source().begin.line);
}

std::vector<std::string>
string_list(const std::string& source, const toml::node& node, std::string_view key)
{
  std::vector<std::string> out;
  const auto* array = node.as_array();
  if (array == nullptr) {
    fail(source, node.source(), "'" + std::string(key) + "' must be a list of strings, e.g. [\"container rm\"]");
  }
  for (const auto& item : *array) {
    const auto* text = item.as_string();
    if (text == nullptr) {
      fail(source, item.source(), "'" + std::string(key) + "' must hold only strings");
    }
    out.push_back(text->get());
  }
  return out;
}

std::string
string_value(const std::string& source, const toml::node& node, std::string_view key)
{
  const auto* text = node.as_string();
  if (text == nullptr) {
    fail(source, node.source(), "'" + std::string(key) + "' must be a string");
  }
  return text->get();
}

bool
has_glob(std::string_view text)
{
  return text.find_first_of("*?[") != std::string_view::npos;
}

// A concrete path whose first word docker knows must name a known command: a typo in a rule
// must not silently leave a command unprotected.
void
check_command_path(const std::string& source, const toml::node& node, const std::string& path)
{
  if (path.empty()) {
    fail(source, node.source(), "empty command path; write a canonical path such as \"container rm\" or \"*\"");
  }
  if (has_glob(path)) {
    return;
  }
  const auto first = std::string_view(path).substr(0, path.find(' '));
  const bool known_root = grammar::find_command_word("", first) != nullptr;
  if (known_root && grammar::find_command(path) == nullptr) {
    fail(source, node.source(),
         "unknown command path \"" + path
           + "\"; use the canonical path (\"container rm\", not \"rm\" or \"container remove\"): "
             "`safedocker guard check -- ARGS` prints it");
  }
}

void
check_flag(const std::string& source, const toml::node& node, const Rule& rule, const std::string& flag)
{
  for (const auto& path : rule.commands) {
    const auto* command = has_glob(path) ? nullptr : grammar::find_command(path);
    if (command == nullptr) {
      continue;
    }
    bool known = flag == "help" || grammar::find_long_flag(command->flags, flag) != nullptr;
    for (auto end = path.find(' '); !known; end = path.find(' ', end + 1)) {
      known = grammar::find_long_flag(grammar::persistent_flags(path.substr(0, end)), flag) != nullptr;
      if (end == std::string::npos) {
        break;
      }
    }
    if (!known) {
      fail(source, node.source(),
           "\"" + path + "\" has no flag --" + flag + "; write the flag's long name without dashes");
    }
  }
}

void
check_template(const std::string& source, const toml::node& node, const std::string& text)
{
  for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
    const auto close = text.find('}', open);
    const auto name = std::string_view(text).substr(open, close == std::string::npos ? std::string::npos : close - open + 1);
    if (std::find(std::begin(k_placeholders), std::end(k_placeholders), name) == std::end(k_placeholders)) {
      fail(source, node.source(),
           "unknown placeholder \"" + std::string(name)
             + "\" in alternative; known: {docker} {global} {parent} {command} {args} {flags} {targets} {grace}");
    }
  }
}

Rule
parse_rule(const std::string& source, const toml::table& table)
{
  Rule rule;
  rule.origin = line_origin(source, table);
  for (const auto& [key, node] : table) {
    const auto k = key.str();
    if (k == "id") {
      rule.id = string_value(source, node, k);
    } else if (k == "commands") {
      rule.commands = string_list(source, node, k);
      for (const auto& path : rule.commands) {
        check_command_path(source, node, path);
      }
    } else if (k == "flags") {
      for (const auto& item : string_list(source, node, k)) {
        const auto eq = item.find('=');
        FlagCondition condition{item.substr(0, eq), std::nullopt};
        if (eq != std::string::npos) {
          condition.value_glob = item.substr(eq + 1);
        }
        if (condition.flag.empty() || condition.flag.starts_with('-')) {
          fail(source, node.source(), "flag \"" + item + "\": write the long name without dashes, e.g. \"force\" or \"volume=/var/run/docker.sock*\"");
        }
        rule.flags.push_back(std::move(condition));
      }
    } else if (k == "args") {
      rule.args = string_list(source, node, k);
    } else if (k == "action") {
      const auto name = string_value(source, node, k);
      const auto action = action_from_name(name);
      if (!action) {
        fail(source, node.source(), "action \"" + name + "\" is not one of block, warn, allow, rewrite");
      }
      rule.action = *action;
    } else if (k == "why") {
      rule.why = string_value(source, node, k);
    } else if (k == "alternative") {
      rule.alternative = string_value(source, node, k);
      check_template(source, node, rule.alternative);
    } else if (k == "grace_seconds") {
      const auto* number = node.as_integer();
      if (number == nullptr || number->get() < 0 || number->get() > 3600) {
        fail(source, node.source(), "grace_seconds must be a whole number of seconds from 0 to 3600");
      }
      rule.grace_seconds = static_cast<int>(number->get());
    } else {
      fail(source, node.source(), "unknown key '" + std::string(k) + "' in [[rule]]; known keys: " + std::string(k_rule_keys));
    }
  }
  if (rule.id.empty()) {
    fail(source, table.source(), "[[rule]] without an id; add id = \"some-name\"");
  }
  if (rule.commands.empty()) {
    fail(source, table.source(), "rule '" + rule.id + "' has no commands; add commands = [\"*\"] or canonical paths");
  }
  for (const auto& [key, node] : table) {
    if (key.str() == "flags") {
      for (const auto& condition : rule.flags) {
        check_flag(source, node, rule, condition.flag);
      }
    }
  }
  if (rule.action == Action::rewrite && rule.alternative.find("&&") == std::string::npos
      && rule.alternative.empty()) {
    fail(source, table.source(), "rule '" + rule.id + "' rewrites but has no alternative to run");
  }
  return rule;
}

void
parse_setting(const std::string& source, RuleSet& rules, const std::string& key, const toml::node& node)
{
  const auto* spec = config::find_setting(key);
  if (spec == nullptr) {
    std::string known;
    for (const auto& s : config::setting_specs()) {
      known += (known.empty() ? "" : ", ") + std::string(s.key);
    }
    fail(source, node.source(), "unknown setting '" + key + "'; known settings: " + known);
  }
  std::string value;
  switch (spec->type) {
  case config::SettingType::boolean:
    if (!node.is_boolean()) {
      fail(source, node.source(), "'" + key + "' must be true or false (no quotes)");
    }
    value = node.as_boolean()->get() ? "true" : "false";
    break;
  case config::SettingType::integer:
    if (!node.is_integer()) {
      fail(source, node.source(), "'" + key + "' must be a whole number");
    }
    value = std::to_string(node.as_integer()->get());
    break;
  case config::SettingType::string:
    value = string_value(source, node, key);
    break;
  }
  rules.settings.set(key, std::move(value), line_origin(source, node));
}

} // namespace

std::string_view
action_name(Action action)
{
  switch (action) {
  case Action::allow:
    return "allow";
  case Action::warn:
    return "warn";
  case Action::block:
    return "block";
  case Action::rewrite:
    return "rewrite";
  }
  return "block";
}

std::optional<Action>
action_from_name(std::string_view name)
{
  for (const auto action : {Action::allow, Action::warn, Action::block, Action::rewrite}) {
    if (action_name(action) == name) {
      return action;
    }
  }
  return std::nullopt;
}

RuleSet
parse_rules(std::string_view text, const std::string& source)
{
  toml::table document;
  try {
    document = toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    fail(source, error.source(), std::string(error.description()) + "; fix the TOML syntax");
  }
  RuleSet rules;
  rules.source = source;
  std::set<std::string, std::less<>> ids;
  for (const auto& [key, node] : document) {
    const auto k = std::string(key.str());
    if (k == "version") {
      if (!node.is_integer() || node.as_integer()->get() != 1) {
        fail(source, node.source(), "unsupported rules version; this safedocker reads version = 1");
      }
    } else if (k == "rule") {
      const auto* array = node.as_array();
      if (array == nullptr || !array->is_array_of_tables()) {
        fail(source, node.source(), "'rule' must be written as [[rule]] tables");
      }
      for (const auto& item : *array) {
        auto rule = parse_rule(source, *item.as_table());
        if (!ids.insert(rule.id).second) {
          fail(source, item.source(), "duplicate rule id '" + rule.id + "'; ids must be unique");
        }
        rules.rules.push_back(std::move(rule));
      }
    } else if (const auto* section = node.as_table()) {
      for (const auto& [name, value] : *section) {
        parse_setting(source, rules, k + "." + std::string(name.str()), value);
      }
    } else {
      fail(source, node.source(), "unknown key '" + k + "'; top level holds version, [[rule]] and setting sections such as [docker]");
    }
  }
  return rules;
}

RulesLocation
locate_rules_file()
{
  if (const char* env = std::getenv("SAFEDOCKER_RULES"); env != nullptr && *env != '\0') {
    return {env, "SAFEDOCKER_RULES"};
  }
  std::string user;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0') {
    user = std::string(xdg) + "/safedocker/rules.toml";
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    user = std::string(home) + "/.config/safedocker/rules.toml";
  }
  struct stat info{};
  if (!user.empty() && ::stat(user.c_str(), &info) == 0) {
    return {user, "user rules file"};
  }
  if (::stat(k_system_rules_path, &info) == 0) {
    return {k_system_rules_path, "system rules file"};
  }
  return {std::nullopt, "no rules file found: built-in default"};
}

namespace {

RuleSet
read_rules_file(const std::string& path, const std::string& reason)
{
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw Fatal(exit_code::k_bad_rules,
                path + ": cannot read rules file (" + reason + "); fix the path or its permissions; nothing was run");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_rules(text.str(), path);
}

// The rules that may lock: the system file when it exists, else the built-in rules (parsed
// only when their text mentions the key: every call pays for this).
std::optional<RuleSet>
read_locking_rules()
{
  struct stat info{};
  if (::lstat(k_system_rules_path, &info) == 0) {
    return read_rules_file(k_system_rules_path, "system rules file");
  }
  if (builtin_rules_text().find("locked") != std::string_view::npos) {
    return parse_rules(builtin_rules_text(), "built-in default");
  }
  return std::nullopt;
}

void
apply_environment(RuleSet& rules, bool locked)
{
  for (const auto& spec : config::setting_specs()) {
    if (spec.env.empty()) {
      continue;
    }
    const char* env = std::getenv(std::string(spec.env).c_str());
    if (env == nullptr || *env == '\0') {
      continue;
    }
    if (locked && spec.env_when_locked == config::WhenLocked::ignored) {
      rules.ignored_environment.emplace_back(spec.env);
      continue;
    }
    std::string value = env;
    const std::string origin = "environment (" + std::string(spec.env) + ")";
    if (spec.type == config::SettingType::boolean) {
      const auto parsed = grammar::parse_bool(value);
      if (!parsed) {
        throw Fatal(exit_code::k_bad_rules,
                    std::string(spec.env) + "=" + value + ": expected true or false (or 1 or 0); nothing was run");
      }
      value = *parsed ? "true" : "false";
    } else if (spec.type == config::SettingType::integer) {
      long long number = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (error != std::errc() || end != value.data() + value.size()) {
        throw Fatal(exit_code::k_bad_rules,
                    std::string(spec.env) + "=" + value + ": expected a whole number; nothing was run");
      }
    }
    rules.settings.set(spec.key, std::move(value), origin);
  }
}

} // namespace

bool
rules_locked(const RuleSet& rules)
{
  return rules.settings.flag("policy.locked");
}

RuleSet
load_rules()
{
  auto locking = read_locking_rules();
  if (locking && rules_locked(*locking)) {
    RuleSet rules = std::move(*locking);
    for (const char* name : k_locked_out_variables) {
      if (const char* env = std::getenv(name); env != nullptr && *env != '\0') {
        rules.ignored_environment.emplace_back(name);
      }
    }
    apply_environment(rules, true);
    if (!rules.ignored_environment.empty()) {
      std::string names;
      for (const auto& name : rules.ignored_environment) {
        names += (names.empty() ? "" : ", ") + name;
      }
      std::fprintf(stderr, "safedocker: notice: ignoring %s: policy.locked is set (%s)\n", names.c_str(),
                   rules.settings.get("policy.locked").origin.c_str());
    }
    return rules;
  }
  const auto location = locate_rules_file();
  RuleSet rules;
  if (location.path && locking && *location.path == k_system_rules_path) {
    rules = std::move(*locking); // already read
  } else if (location.path) {
    rules = read_rules_file(*location.path, location.reason);
  } else {
    rules = parse_rules(builtin_rules_text(), "built-in default");
  }
  const auto& lock = rules.settings.get("policy.locked");
  if (lock.origin != "default" && rules.source != k_system_rules_path && rules.source != "built-in default") {
    // A user must not be able to lock (or think they locked) the guard: only the system can.
    rules.settings.set("policy.locked", "false",
                       lock.origin + " (ignored: honoured only in " + k_system_rules_path + " or the built-in rules)");
  }
  apply_environment(rules, false);
  return rules;
}

} // namespace sd::policy
