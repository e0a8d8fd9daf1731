#include "policy/rules_file.hpp"

#include "util/bad_enum.hpp"

#include "grammar/command_table.hpp"
#include "grammar/parser.hpp"
#include "policy/rules_places.hpp"
#include "policy/toml_library.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"
#include "util/file_reading.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

namespace sd::policy {

namespace {

constexpr std::string_view k_rule_keys =
  "id, commands, flags, args, action, why, alternative, unattended, grace_seconds, api_running";
constexpr std::string_view k_placeholders[] = {"{args}",   "{command}", "{docker}", "{flags}",
                                               "{global}", "{grace}",   "{parent}", "{targets}"};

// A problem of one [[rule]] table. The checks of a rule stop at its first problem (what follows
// would build on it); parse_rules records it and goes on with the next rule and the settings,
// so that guard rules check reports every problem of a file at once. Never leaves this file:
// parse_rules turns what it found into one sd::Fatal.
struct RuleProblem
{
  toml::source_position where;
  std::string message;
};

[[noreturn]] void
fail(const std::string& /*source*/, const toml::source_region& where, const std::string& message)
{
  throw RuleProblem{where.begin, message};
}

// The problems of one rules text, reported in file order (toml++ hands out a table's keys in
// key order, not in the order they were written).
class Problems
{
public:
  explicit Problems(std::string source)
    : m_source(std::move(source))
  {}

  void add(const toml::source_position& where, const std::string& message)
  {
    m_entries.push_back({where.line, where.column, message});
  }

  std::vector<std::string> lines() const
  {
    auto entries = m_entries;
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    std::vector<std::string> out;
    for (const auto& entry : entries) {
      out.push_back(m_source + ":" + std::to_string(entry.line) + ":" + std::to_string(entry.column) + ": "
                    + entry.message);
    }
    return out;
  }

private:
  struct Entry
  {
    toml::source_index line;
    toml::source_index column;
    std::string message;
  };
  std::string m_source;
  std::vector<Entry> m_entries;
};

// A value as it is written in TOML, for messages: "deamon" in quotes, -5, true; [ … ] for an
// array, { … } for a table.
std::string
shown(const toml::node& node)
{
  if (const auto* text = node.as_string()) {
    std::string out = "\"";
    for (const char c : text->get()) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
        out += escaped;
      } else {
        out += c;
      }
    }
    return out + "\"";
  }
  if (node.is_array()) {
    return "[ … ]";
  }
  if (node.is_table()) {
    return "{ … }";
  }
  std::ostringstream out;
  node.visit([&out](const auto& value) {
    if constexpr (toml::is_value<decltype(value)>) {
      out << value;
    }
  });
  return out.str();
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
    const auto name =
      std::string_view(text).substr(open, close == std::string::npos ? std::string::npos : close - open + 1);
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
          fail(source, node.source(),
               "flag \"" + item
                 + "\": write the long name without dashes, e.g. \"force\" or \"volume=/var/run/docker.sock*\"");
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
    } else if (k == "unattended") {
      rule.unattended = string_value(source, node, k);
      check_template(source, node, rule.unattended);
    } else if (k == "grace_seconds") {
      const auto* number = node.as_integer();
      if (number == nullptr || number->get() < 0 || number->get() > 3600) {
        fail(source, node.source(), "grace_seconds must be a whole number of seconds from 0 to 3600");
      }
      rule.grace_seconds = static_cast<int>(number->get());
    } else if (k == "api_running") {
      const auto value = string_value(source, node, k);
      if (value != "stop" && value != "deny") {
        fail(source, node.source(), "api_running \"" + value + "\" is not one of stop, deny");
      }
      rule.api_running = value == "stop" ? ApiRunning::stop : ApiRunning::deny;
    } else {
      fail(source, node.source(),
           "unknown key '" + std::string(k) + "' in [[rule]]; known keys: " + std::string(k_rule_keys));
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
  if (rule.action == Action::rewrite && rule.alternative.find("&&") == std::string::npos && rule.alternative.empty()) {
    fail(source, table.source(), "rule '" + rule.id + "' rewrites but has no alternative to run");
  }
  return rule;
}

// What a value of the wrong TOML type should have been.
std::string
type_problem(const config::SettingSpec& spec)
{
  switch (spec.type) {
  case config::SettingType::boolean:
    return "must be true or false (no quotes)";
  case config::SettingType::integer:
    return "must be a whole number (no quotes), " + config::allowed_values(spec.check);
  case config::SettingType::string:
    break;
  }
  return "must be a string in quotes, " + config::allowed_values(spec.check);
}

// The value of a setting as the settings hold it, or nullopt when its TOML type is wrong.
std::optional<std::string>
setting_text(const config::SettingSpec& spec, const toml::node& node)
{
  switch (spec.type) {
  case config::SettingType::boolean:
    if (const auto* flag = node.as_boolean()) {
      return flag->get() ? "true" : "false";
    }
    return std::nullopt;
  case config::SettingType::integer:
    if (const auto* number = node.as_integer()) {
      return std::to_string(number->get());
    }
    return std::nullopt;
  case config::SettingType::string:
    break;
  }
  if (const auto* text = node.as_string()) {
    return text->get();
  }
  return std::nullopt;
}

// A value that fails its check is reported and not set: a typo never weakens protection, and
// the call is refused anyway.
void
parse_setting(const std::string& source, Problems& problems, RuleSet& rules, const std::string& key,
              const toml::node& node)
{
  const auto* spec = config::find_setting(key);
  if (spec == nullptr) {
    std::string known;
    for (const auto& s : config::setting_specs()) {
      known += (known.empty() ? "" : ", ") + std::string(s.key);
    }
    problems.add(node.source().begin, "unknown setting '" + key + "'; known settings: " + known);
    return;
  }
  auto value = setting_text(*spec, node);
  if (!value) {
    problems.add(node.source().begin, key + " = " + shown(node) + ": " + type_problem(*spec));
    return;
  }
  if (const auto problem = config::check_value(spec->check, *value)) {
    problems.add(node.source().begin, key + " = " + shown(node) + ": " + *problem);
    return;
  }
  rules.settings.set(key, std::move(*value), line_origin(source, node));
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
  util::bad_enum("Action", static_cast<long long>(action));
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

RulesReading
read_rules(std::string_view text, const std::string& source)
{
  RulesReading reading;
  reading.rules.source = source;
  Problems problems(source);
  toml::table document;
  try {
    document = toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    problems.add(error.source().begin, std::string(error.description()) + "; fix the TOML syntax");
    reading.problems = problems.lines();
    return reading;
  }
  auto& rules = reading.rules;
  std::set<std::string, std::less<>> ids;
  for (const auto& [key, node] : document) {
    const auto k = std::string(key.str());
    if (k == "version") {
      if (!node.is_integer() || node.as_integer()->get() != 1) {
        problems.add(node.source().begin, "unsupported rules version; this safedocker reads version = 1");
      }
    } else if (k == "rule") {
      const auto* array = node.as_array();
      if (array == nullptr || !array->is_array_of_tables()) {
        problems.add(node.source().begin, "'rule' must be written as [[rule]] tables");
        continue;
      }
      for (const auto& item : *array) {
        try {
          auto rule = parse_rule(source, *item.as_table());
          if (!ids.insert(rule.id).second) {
            problems.add(item.source().begin, "duplicate rule id '" + rule.id + "'; ids must be unique");
            continue;
          }
          rules.rules.push_back(std::move(rule));
        } catch (const RuleProblem& problem) {
          problems.add(problem.where, problem.message);
        }
      }
    } else if (const auto* section = node.as_table()) {
      for (const auto& [name, value] : *section) {
        parse_setting(source, problems, rules, k + "." + std::string(name.str()), value);
      }
    } else {
      problems.add(node.source().begin,
                   "unknown key '" + k + "'; top level holds version, [[rule]] and setting sections such as [docker]");
    }
  }
  reading.problems = problems.lines();
  return reading;
}

void
refuse_on_problems(const std::vector<std::string>& problems)
{
  if (problems.empty()) {
    return;
  }
  std::string message = problems.front();
  if (problems.size() > 1) {
    message += " (and " + std::to_string(problems.size() - 1) + " more: safedocker guard rules check lists them)";
  }
  throw Fatal(exit_code::k_bad_rules, message);
}

RuleSet
parse_rules(std::string_view text, const std::string& source)
{
  auto reading = read_rules(text, source);
  refuse_on_problems(reading.problems);
  return std::move(reading.rules);
}

RulesLocation
locate_rules_file()
{
  if (const char* env = std::getenv("SAFEDOCKER_RULES"); env != nullptr && *env != '\0') {
    return {env, "SAFEDOCKER_RULES"};
  }
  const std::string user = user_rules_path();
  if (!user.empty() && util::path_exists(user)) {
    return {user, "user rules file"};
  }
  if (util::path_exists(system_rules_path())) {
    return {system_rules_path(), "system rules file"};
  }
  return {std::nullopt, "no rules file found: built-in default"};
}

RulesReading
read_rules_file(const std::string& path, const std::string& reason)
{
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw Fatal(exit_code::k_bad_rules,
                path + ": cannot read rules file (" + reason + "); fix the path or its permissions; nothing was run");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return read_rules(text.str(), path);
}

namespace {

// The rules of a file, its problems added to `problems`.
RuleSet
rules_of_file(const std::string& path, const std::string& reason, std::vector<std::string>& problems)
{
  auto reading = read_rules_file(path, reason);
  problems.insert(problems.end(), reading.problems.begin(), reading.problems.end());
  return std::move(reading.rules);
}

// The rules that may lock: the system file when it exists, else the built-in rules (parsed
// only when their text mentions the key: every call pays for this).
std::optional<RuleSet>
read_locking_rules(std::vector<std::string>& problems)
{
  if (util::path_exists(system_rules_path())) {
    return rules_of_file(system_rules_path(), "system rules file", problems);
  }
  if (builtin_rules_text().find("locked") != std::string_view::npos) {
    return parse_rules(builtin_rules_text(), "built-in default");
  }
  return std::nullopt;
}

// Only the variables that are set are checked, as only the values a file sets are: the
// defaults pass their checks (a unit test makes sure), and every call pays for this.
void
apply_environment(RuleSet& rules, bool locked, std::vector<std::string>& problems)
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
    const auto refuse = [&](const std::string& problem) {
      problems.push_back(std::string(spec.env) + "=" + env + ": " + config::said_of(spec.key, problem)
                         + "; nothing was run");
    };
    if (spec.type == config::SettingType::boolean) {
      const auto parsed = grammar::parse_bool(value);
      if (!parsed) {
        refuse("must be true or false (or 1 or 0)");
        continue;
      }
      value = *parsed ? "true" : "false";
    }
    if (const auto problem = config::check_value(spec.check, value)) {
      refuse(*problem);
      continue;
    }
    if (spec.type == config::SettingType::integer) {
      value = std::to_string(std::stoll(value)); // as the file's values are written: 007 is 7
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
  std::vector<std::string> problems;
  auto rules = load_rules(problems);
  refuse_on_problems(problems);
  return rules;
}

RuleSet
load_rules(std::vector<std::string>& problems)
{
  auto locking = read_locking_rules(problems);
  if (locking && rules_locked(*locking)) {
    RuleSet rules = std::move(*locking);
    rules.why = "policy.locked";
    for (const char* name : k_locked_out_variables) {
      if (const char* env = std::getenv(name); env != nullptr && *env != '\0') {
        rules.ignored_environment.emplace_back(name);
      }
    }
    apply_environment(rules, true, problems);
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
  if (location.path && locking && *location.path == system_rules_path()) {
    rules = std::move(*locking); // already read
  } else if (location.path) {
    rules = rules_of_file(*location.path, location.reason, problems);
  } else {
    rules = parse_rules(builtin_rules_text(), "built-in default");
  }
  rules.why = location.reason;
  const auto& lock = rules.settings.get("policy.locked");
  if (lock.origin != "default" && rules.source != system_rules_path() && rules.source != "built-in default") {
    // A user must not be able to lock (or think they locked) the guard: only the system can.
    rules.settings.set("policy.locked", "false",
                       lock.origin + " (ignored: honoured only in " + system_rules_path() + " or the built-in rules)");
  }
  apply_environment(rules, false, problems);
  return rules;
}

} // namespace sd::policy
