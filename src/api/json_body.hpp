#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A request's JSON body read as dockerd's handlers read it (encoding/json into Go structs):
// object keys match field names case-insensitively, so a body that names one field twice
// (`"Force"` and `"force"`) is refused here rather than guessed at.

namespace sd::api {

/// A parsed body, or why it is refused.
struct JsonBody
{
  nlohmann::json value; ///< an object; `{}` for an empty body or `null`
  std::string error;    ///< "invalid JSON", "not a JSON object", "a key appears twice", …
};

/// Parses `text` (absent or empty: `{}`, as httputils.ReadJSON accepts an empty body).
JsonBody parse_json_body(std::optional<std::string_view> text);

/// The member of `object` whose key folds equal to `name` (Go's rule), or nullptr; nullptr
/// also when `object` is not an object.
const nlohmann::json* json_member(const nlohmann::json& object, std::string_view name);

/// Typed reads of a member. Absent or null: the Go zero value. A value of another type sets
/// `error`, since the daemon would refuse the body.
bool json_bool(const nlohmann::json& object, std::string_view name, std::string& error);
std::uint64_t json_unsigned(const nlohmann::json& object, std::string_view name, std::string& error);
std::string json_string(const nlohmann::json& object, std::string_view name, std::string& error);
std::vector<std::string> json_strings(const nlohmann::json& object, std::string_view name, std::string& error);

} // namespace sd::api
