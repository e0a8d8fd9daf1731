#include "api/prune_argv.hpp"

#include "api/argv_builder.hpp"

#include "grammar/parser.hpp"

#include <nlohmann/json.hpp>

namespace sd::api {

namespace {

/// The (key, value) pairs of a filters document, or nullopt when it is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>>
read_filters(std::string_view json)
{
  if (json.empty()) {
    return std::vector<std::pair<std::string, std::string>>{};
  }
  const auto document = nlohmann::json::parse(json.begin(), json.end(), nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, values] : document.items()) {
    if (values.is_object()) { // {"label": {"a=b": true}}
      for (const auto& [value, flag] : values.items()) {
        if (!flag.is_boolean()) {
          return std::nullopt;
        }
        pairs.emplace_back(key, value);
      }
    } else if (values.is_array()) { // the legacy form {"label": ["a=b"]}
      for (const auto& value : values) {
        if (!value.is_string()) {
          return std::nullopt;
        }
        pairs.emplace_back(key, value.get<std::string>());
      }
    } else {
      return std::nullopt;
    }
  }
  return pairs;
}

/// The filters of a prune as `--filter` words and, where they ask for everything, `--all`.
void
add_filters(ArgvBuilder& argv, PruneKind kind, std::string_view json, bool all)
{
  const auto pairs = read_filters(json);
  if (!pairs) {
    argv.error("malformed filters in the query");
    return;
  }
  for (const auto& [key, value] : *pairs) {
    const auto as_bool = grammar::parse_bool(value);
    if (kind == PruneKind::image && key == "dangling") {
      all = all || as_bool != true; // anything but true prunes more than dangling images
    } else if (kind == PruneKind::volume && key == "all") {
      all = all || as_bool != false; // true, or a value the daemon refuses: read cautiously
    } else {
      argv.option("filter", key + "=" + value);
    }
  }
  argv.flag("all", all);
}

} // namespace

CallArgv
prune_argv(const ApiCall& call, PruneKind kind)
{
  static constexpr std::string_view k_groups[] = {"container", "image", "network", "volume", "buildx"};
  ArgvBuilder argv{k_groups[static_cast<std::size_t>(kind)], "prune"}; // `builder prune` is buildx's
  argv.force(true);
  bool all = false;
  if (kind == PruneKind::volume) {
    all = call.version && version_below(*call.version, 1, 42); // the daemon adds all=true
  }
  if (kind == PruneKind::build) {
    all = form_bool(call.form.get("all"));
    for (const auto* name : {"reserved-space", "keep-storage", "max-used-space", "min-free-space"}) {
      argv.option(name, call.form.text(name));
    }
  }
  add_filters(argv, kind, call.form.text("filters"), all);
  return std::move(argv).finish();
}

} // namespace sd::api
