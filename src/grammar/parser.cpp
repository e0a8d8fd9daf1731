#include "grammar/parser.hpp"

#include <algorithm>

namespace sd::grammar {

namespace {

constexpr FlagSpec k_help{"help", 'h', Arity::none};

/// The flags valid at one point of the command line, looked up in order.
struct FlagScope
{
  std::vector<std::span<const FlagSpec>> sets;
  bool h_means_help = true; // `-h` is --help unless the command defines -h (run: --hostname)

  const FlagSpec* find_long(std::string_view name) const
  {
    for (const auto& set : sets) {
      if (const auto* spec = find_long_flag(set, name)) {
        return spec;
      }
    }
    return name == "help" ? &k_help : nullptr;
  }

  const FlagSpec* find_short(char c) const
  {
    for (const auto& set : sets) {
      if (const auto* spec = find_short_flag(set, c)) {
        return spec;
      }
    }
    return c == 'h' && h_means_help ? &k_help : nullptr;
  }
};

FlagScope
scope_for(std::string_view path, std::span<const FlagSpec> local)
{
  FlagScope scope;
  scope.sets.push_back(local);
  // Persistent flags of every group above, e.g. "buildx" for "buildx history ls".
  for (auto end = path.find(' ');; end = path.find(' ', end + 1)) {
    scope.sets.push_back(persistent_flags(path.substr(0, end)));
    if (end == std::string_view::npos) {
      break;
    }
  }
  scope.h_means_help = find_short_flag(local, 'h') == nullptr;
  return scope;
}

class Parser
{
public:
  Parser(std::span<const std::string_view> args, Face face)
  {
    m_result.args.assign(args.begin(), args.end());
    m_face = face;
  }

  ParsedCommand run()
  {
    std::string node;
    if (m_face == Face::docker_compose) {
      node = "compose";
    } else {
      if (!parse_root_flags()) {
        return std::move(m_result);
      }
    }
    walk_commands(node);
    return std::move(m_result);
  }

private:
  ParsedCommand m_result;
  Face m_face;
  std::size_t m_pos = 0;

  std::size_t size() const { return m_result.args.size(); }
  std::string_view at(std::size_t i) const { return m_result.args[i]; }

  static bool is_flag_token(std::string_view token) { return token.size() > 1 && token[0] == '-'; }

  // docker's root flags, non-interspersed: stop at the first word. Returns false when no
  // command word follows.
  bool parse_root_flags()
  {
    const FlagScope scope{{group_local_flags("")}};
    while (m_pos < size()) {
      const auto token = at(m_pos);
      if (token == "--") {
        ++m_pos;
        break;
      }
      if (!is_flag_token(token)) {
        break;
      }
      parse_flag(scope, m_result.global_flags);
    }
    if (m_pos >= size()) {
      m_result.kind = CommandKind::none;
      return false;
    }
    const auto word = at(m_pos);
    if (word == "help") {
      m_result.kind = CommandKind::help;
      m_result.words.push_back(m_pos);
      m_result.path = "help";
      return false;
    }
    if (word == "__complete" || word == "__completeNoDesc" || word == "completion") {
      m_result.kind = CommandKind::completion;
      m_result.words.push_back(m_pos);
      m_result.path = std::string(word);
      return false;
    }
    return true;
  }

  void walk_commands(std::string node)
  {
    // At a group: parse the flags allowed between its words, then find the next word.
    bool at_group = m_face == Face::docker_compose;
    while (true) {
      if (at_group) {
        const auto* here = find_command(node);
        FlagScope scope =
          scope_for(node, here != nullptr && here->runs == Runs::yes ? here->flags : group_local_flags(node));
        if (node == "compose" && m_face == Face::docker_compose) {
          scope.sets.push_back(compose_standalone_global_flags());
        }
        while (m_pos < size() && is_flag_token(at(m_pos)) && at(m_pos) != "--") {
          parse_flag(scope, m_result.flags);
        }
        // docker-compose's leading docker flags belong with the global flags.
        if (m_face == Face::docker_compose && node == "compose") {
          move_compose_globals();
        }
      }
      const auto* spec = find_command(node);
      if (m_pos >= size() || at(m_pos) == "--") {
        if (m_pos < size()) {
          ++m_pos; // `--` after a group: the rest are arguments
        }
        finish_without_word(node, spec);
        return;
      }
      const auto word = at(m_pos);
      const auto* next = find_command_word(node, word);
      if (next == nullptr) {
        if (spec != nullptr && spec->runs == Runs::yes && !node.empty()) {
          parse_command(*spec);
          return;
        }
        m_result.words.push_back(m_pos);
        m_result.path = node.empty() ? std::string(word) : node + " " + std::string(word);
        ++m_pos;
        read_unknown_command();
        return;
      }
      m_result.words.push_back(m_pos);
      ++m_pos;
      node = std::string(next->path);
      if (!has_children(node)) {
        parse_command(*next);
        return;
      }
      at_group = true;
    }
  }

  void finish_without_word(const std::string& node, const CommandSpec* spec)
  {
    m_result.path = node;
    if (spec != nullptr && spec->runs == Runs::yes) {
      m_result.kind = CommandKind::known;
      while (m_pos < size()) {
        m_result.positionals.push_back(m_pos++);
      }
    } else {
      // `docker container`, `docker compose`: docker prints the group's help.
      m_result.kind = CommandKind::help;
    }
  }

  void move_compose_globals()
  {
    auto& flags = m_result.flags;
    for (auto it = flags.begin(); it != flags.end();) {
      if (find_long_flag(compose_standalone_global_flags(), it->name) != nullptr
          && find_long_flag(group_local_flags("compose"), it->name) == nullptr) {
        m_result.global_flags.push_back(std::move(*it));
        it = flags.erase(it);
      } else {
        ++it;
      }
    }
  }

  // The command's own flags and positionals, by pflag's rules.
  void parse_command(const CommandSpec& spec)
  {
    m_result.kind = CommandKind::known;
    m_result.path = std::string(spec.path);
    const FlagScope scope = scope_for(spec.path, spec.flags);
    while (m_pos < size()) {
      const auto token = at(m_pos);
      if (token == "--") {
        ++m_pos;
        break;
      }
      if (is_flag_token(token)) {
        parse_flag(scope, m_result.flags);
        continue;
      }
      if (spec.interspersed == Interspersed::no) {
        // Everything after the first positional belongs to it (`run IMG CMD…`).
        if (takes_container_command(spec.path) && m_pos + 1 < size()) {
          m_result.container_command = m_pos + 1;
        }
        break;
      }
      m_result.positionals.push_back(m_pos++);
    }
    while (m_pos < size()) {
      m_result.positionals.push_back(m_pos++);
    }
  }

  // A command the tables do not know (a plugin, a newer docker): nothing is known of its flags,
  // so only a literal `--force` or `--force=VALUE` is read, and `--` still ends flags.
  void read_unknown_command()
  {
    m_result.kind = CommandKind::unknown;
    for (; m_pos < size(); ++m_pos) {
      const auto token = at(m_pos);
      if (token == "--") {
        ++m_pos;
        break;
      }
      if (token == "--force" || token.starts_with("--force=")) {
        const auto eq = token.find('=');
        record(m_result.flags, {"force", std::string(eq == std::string_view::npos ? "true" : token.substr(eq + 1)),
                                Arity::none, m_pos, 0, std::nullopt});
      } else if (token == "--help" || token.starts_with("--help=")) {
        const auto eq = token.find('=');
        record(m_result.flags, {"help", std::string(eq == std::string_view::npos ? "true" : token.substr(eq + 1)),
                                Arity::none, m_pos, 0, std::nullopt});
      } else {
        m_result.positionals.push_back(m_pos);
      }
    }
    for (; m_pos < size(); ++m_pos) {
      m_result.positionals.push_back(m_pos);
    }
  }

  static void record(std::vector<FlagUse>& out, FlagUse use) { out.push_back(std::move(use)); }

  void error(std::string message) { m_result.errors.push_back(std::move(message)); }

  void check_bool(const FlagSpec& spec, std::string_view value, std::string_view shown)
  {
    if (spec.arity != Arity::value && !parse_bool(value)) {
      error("invalid argument \"" + std::string(value) + "\" for \"" + std::string(shown)
            + "\" flag: expected true or false");
    }
  }

  // One flag token at m_pos (and its value token, if it takes one). Unknown flags are errors;
  // they are read as booleans so that the rest of the line is still understood.
  void parse_flag(const FlagScope& scope, std::vector<FlagUse>& out)
  {
    const std::size_t index = m_pos++;
    const auto token = at(index);
    if (token.starts_with("--")) {
      const auto body = token.substr(2);
      const auto eq = body.find('=');
      const auto name = body.substr(0, eq);
      const auto* spec = scope.find_long(name);
      if (spec == nullptr) {
        error("unknown flag: --" + std::string(name));
        return;
      }
      FlagUse use{std::string(spec->name), "true", spec->arity, index, 0, std::nullopt};
      if (eq != std::string_view::npos) {
        use.value = std::string(body.substr(eq + 1));
        check_bool(*spec, use.value, token.substr(0, eq + 2));
      } else if (spec->arity == Arity::value) {
        if (m_pos < size()) {
          use.value_arg = m_pos;
          use.value = std::string(at(m_pos++));
        } else {
          error("flag needs an argument: --" + std::string(name));
          return;
        }
      }
      out.push_back(std::move(use));
      return;
    }
    // A cluster of shorthands: `-vf`, `-t10`, `-afstatus=exited`, `-f=false`.
    const auto letters = token.substr(1);
    for (std::size_t k = 0; k < letters.size(); ++k) {
      const char c = letters[k];
      const auto* spec = scope.find_short(c);
      if (spec == nullptr) {
        error(std::string("unknown shorthand flag: '") + c + "' in " + std::string(token));
        continue;
      }
      FlagUse use{std::string(spec->name), "true", spec->arity, index, k + 1, std::nullopt};
      if (k + 1 < letters.size() && letters[k + 1] == '=') {
        use.value = std::string(letters.substr(k + 2));
        check_bool(*spec, use.value, std::string("-") + c);
        out.push_back(std::move(use));
        return;
      }
      if (spec->arity == Arity::value) {
        if (k + 1 < letters.size()) {
          use.value = std::string(letters.substr(k + 1));
        } else if (m_pos < size()) {
          use.value_arg = m_pos;
          use.value = std::string(at(m_pos++));
        } else {
          error(std::string("flag needs an argument: '") + c + "' in " + std::string(token));
          return;
        }
        out.push_back(std::move(use));
        return;
      }
      out.push_back(std::move(use));
    }
  }
};

} // namespace

std::optional<bool>
parse_bool(std::string_view text)
{
  for (const auto t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (text == t) {
      return true;
    }
  }
  for (const auto f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (text == f) {
      return false;
    }
  }
  return std::nullopt;
}

const FlagUse*
ParsedCommand::last(std::string_view name) const
{
  const auto it = std::find_if(flags.rbegin(), flags.rend(), [name](const FlagUse& f) { return f.name == name; });
  return it != flags.rend() ? &*it : nullptr;
}

bool
ParsedCommand::is_set(std::string_view name) const
{
  const auto* use = last(name);
  if (use == nullptr) {
    return false;
  }
  if (use->arity == Arity::value) {
    return true;
  }
  return parse_bool(use->value).value_or(true);
}

bool
ParsedCommand::wants_help() const
{
  // --help is persistent in cobra: given before the command word, it still reaches the command.
  const auto help_in = [](const std::vector<FlagUse>& uses) {
    const auto it = std::find_if(uses.rbegin(), uses.rend(), [](const FlagUse& f) { return f.name == "help"; });
    return it != uses.rend() && parse_bool(it->value).value_or(false);
  };
  return help_in(flags) || help_in(global_flags);
}

bool
ParsedCommand::executes() const
{
  return (kind == CommandKind::known || kind == CommandKind::unknown) && !wants_help();
}

ParsedCommand
parse(std::span<const std::string_view> args, Face face)
{
  return Parser(args, face).run();
}

} // namespace sd::grammar
