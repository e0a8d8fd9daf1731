#include "api/prune_filters.hpp"

#include "grammar/parser.hpp"

#include <nlohmann/json.hpp>

namespace sd::api {

namespace {

/// The (key, value) pairs of a filters document, or nullopt when it is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>>
read_filters(std::string_view json)
{
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

} // namespace

void
add_prune_filters(ArgvBuilder& argv, PruneKind kind, std::optional<std::string_view> json)
{
  if (!json || json->empty()) {
    return;
  }
  const auto pairs = read_filters(*json);
  if (!pairs) {
    argv.error("malformed filters in the query");
    return;
  }
  bool all = false;
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

} // namespace sd::api
