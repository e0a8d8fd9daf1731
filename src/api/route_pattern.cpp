#include "api/route_pattern.hpp"

#include <cstdint>

namespace sd::api {

namespace {

enum class Variable : std::uint8_t {
  segment, ///< `{id}`: [^/]+
  any,     ///< `{name:.*}`
  some,    ///< `{id:.+}`
};

/// The longest prefix of `path` the variable's regexp can match: up to the first '/' for
/// [^/]+, up to the first '\n' for `.` (Go's `.` does not match a newline).
std::size_t
longest_value(Variable variable, std::string_view path)
{
  const auto stop = path.find(variable == Variable::segment ? '/' : '\n');
  return stop == std::string_view::npos ? path.size() : stop;
}

bool
match_from(std::string_view pattern, std::string_view path, std::vector<std::string>& params)
{
  const auto open = pattern.find('{');
  const auto literal = pattern.substr(0, open);
  if (!path.starts_with(literal)) {
    return false;
  }
  if (open == std::string_view::npos) {
    return path.size() == literal.size();
  }
  path.remove_prefix(literal.size());
  const auto close = pattern.find('}', open);
  const auto spec = pattern.substr(open + 1, close - open - 1);
  const auto colon = spec.find(':');
  const auto regexp = colon == std::string_view::npos ? std::string_view{} : spec.substr(colon + 1);
  const auto variable = regexp == ".*" ? Variable::any : regexp == ".+" ? Variable::some : Variable::segment;
  const auto rest = pattern.substr(close + 1);
  // Greedy: the longest value first, as Go's leftmost-first regexp prefers.
  const std::size_t shortest = variable == Variable::any ? 0 : 1;
  for (auto length = longest_value(variable, path) + 1; length-- > shortest;) {
    params.emplace_back(path.substr(0, length));
    if (match_from(rest, path.substr(length), params)) {
      return true;
    }
    params.pop_back();
  }
  return false;
}

} // namespace

bool
match_pattern(std::string_view pattern, std::string_view path, std::vector<std::string>& params)
{
  params.clear();
  return match_from(pattern, path, params);
}

} // namespace sd::api
