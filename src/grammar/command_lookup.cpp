#include "grammar/command_table.hpp"

#include <algorithm>

namespace sd::grammar {

namespace {

using enum Arity;

// docker's root flags (cli/flags/options.go): valid only before the first command word.
constexpr FlagSpec k_root_flags[] = {
  {"config", '\0', value},  {"context", 'c', value},   {"debug", 'D', none},      {"help", 'h', none},
  {"host", 'H', value},     {"log-level", 'l', value}, {"tls", '\0', none},       {"tlscacert", '\0', value},
  {"tlscert", '\0', value}, {"tlskey", '\0', value},   {"tlsverify", '\0', none}, {"version", 'v', none},
};

// compose's root flags (cmd/compose/compose.go): between `compose` and its subcommand.
constexpr FlagSpec k_compose_root_flags[] = {
  {"all-resources", '\0', none},
  {"ansi", '\0', value},
  {"compatibility", '\0', none},
  {"env-file", '\0', value},
  {"file", 'f', value},
  {"insecure-registry", '\0', value},
  {"no-ansi", '\0', none},
  {"parallel", '\0', value},
  {"profile", '\0', value},
  {"progress", '\0', value},
  {"project-directory", '\0', value},
  {"project-name", 'p', value},
  {"verbose", '\0', none},
  {"version", 'v', none},
  {"workdir", '\0', value},
};

// What standalone docker-compose moves in front of `compose` (cmd/compatibility/convert.go).
constexpr FlagSpec k_compose_standalone_globals[] = {
  {"context", 'c', value},    {"debug", 'D', none},    {"host", 'H', value},
  {"log-level", '\0', value}, {"tls", '\0', none},     {"tlscacert", '\0', value},
  {"tlscert", '\0', value},   {"tlskey", '\0', value}, {"tlsverify", '\0', none},
};

constexpr FlagSpec k_compose_persistent[] = {{"dry-run", '\0', none}};
constexpr FlagSpec k_buildx_persistent[] = {{"builder", '\0', value}, {"debug", 'D', none}};
constexpr FlagSpec k_stack_persistent[] = {{"orchestrator", '\0', value}};
constexpr FlagSpec k_model_compose_persistent[] = {{"project-name", '\0', value}};

constexpr std::string_view k_container_command_paths[] = {
  "compose exec", "compose run", "container create", "container exec", "container run", "service create",
};

} // namespace

const CommandSpec*
find_command(std::string_view path)
{
  const auto it = std::lower_bound(k_commands.begin(), k_commands.end(), path,
                                   [](const CommandSpec& spec, std::string_view p) { return spec.path < p; });
  return it != k_commands.end() && it->path == path ? &*it : nullptr;
}

const CommandSpec*
find_command_word(std::string_view parent, std::string_view word)
{
  const auto it =
    std::lower_bound(k_command_words.begin(), k_command_words.end(), std::pair(parent, word),
                     [](const CommandWord& w, const auto& key) { return std::pair(w.parent, w.word) < key; });
  if (it == k_command_words.end() || it->parent != parent || it->word != word) {
    return nullptr;
  }
  return find_command(it->target);
}

bool
has_children(std::string_view path)
{
  const auto it = std::lower_bound(k_command_words.begin(), k_command_words.end(), path,
                                   [](const CommandWord& w, std::string_view p) { return w.parent < p; });
  return it != k_command_words.end() && it->parent == path;
}

const FlagSpec*
find_long_flag(std::span<const FlagSpec> flags, std::string_view name)
{
  const auto it = std::lower_bound(flags.begin(), flags.end(), name,
                                   [](const FlagSpec& f, std::string_view n) { return f.name < n; });
  return it != flags.end() && it->name == name ? &*it : nullptr;
}

const FlagSpec*
find_short_flag(std::span<const FlagSpec> flags, char c)
{
  const auto it = std::find_if(flags.begin(), flags.end(), [c](const FlagSpec& f) { return f.shorthand == c; });
  return it != flags.end() ? &*it : nullptr;
}

std::span<const FlagSpec>
group_local_flags(std::string_view path)
{
  if (path.empty()) {
    return k_root_flags;
  }
  if (path == "compose") {
    return k_compose_root_flags;
  }
  return {};
}

std::span<const FlagSpec>
persistent_flags(std::string_view path)
{
  if (path == "compose") {
    return k_compose_persistent;
  }
  if (path == "buildx") {
    return k_buildx_persistent;
  }
  if (path == "stack") {
    return k_stack_persistent;
  }
  if (path == "model compose") {
    return k_model_compose_persistent;
  }
  return {};
}

std::span<const FlagSpec>
compose_standalone_global_flags()
{
  return k_compose_standalone_globals;
}

bool
takes_container_command(std::string_view path)
{
  return std::binary_search(std::begin(k_container_command_paths), std::end(k_container_command_paths), path);
}

} // namespace sd::grammar
