#include "api/json_body.hpp"

#include "api/go_text.hpp"

namespace sd::api {

namespace {

void
set_type_error(std::string& error, std::string_view name, std::string_view expected)
{
  if (error.empty()) {
    error = "body field " + std::string(name) + " is not " + std::string(expected);
  }
}

} // namespace

JsonBody
parse_json_body(std::optional<std::string_view> text)
{
  JsonBody body;
  if (!text || text->empty()) {
    body.value = nlohmann::json::object();
    return body;
  }
  // Folded keys of each open object, innermost last.
  std::vector<std::vector<std::string>> open_objects;
  bool duplicate = false;
  const auto check_keys = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using event_t = nlohmann::json::parse_event_t;
    if (event == event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == event_t::object_end && !open_objects.empty()) {
      open_objects.pop_back();
    } else if (event == event_t::key && !open_objects.empty()) {
      auto folded = go_fold_key(parsed.get_ref<const std::string&>());
      auto& keys = open_objects.back();
      for (const auto& key : keys) {
        duplicate = duplicate || key == folded;
      }
      keys.push_back(std::move(folded));
    }
    return true;
  };
  body.value = nlohmann::json::parse(text->begin(), text->end(), check_keys, false);
  if (body.value.is_discarded()) {
    body.error = "invalid JSON in the body";
  } else if (duplicate) {
    body.error = "a key appears twice in a body object (dockerd reads keys case-insensitively)";
  } else if (body.value.is_null()) {
    body.value = nlohmann::json::object();
  } else if (!body.value.is_object()) {
    body.error = "the body is not a JSON object";
  }
  return body;
}

const nlohmann::json*
json_member(const nlohmann::json& object, std::string_view name)
{
  if (!object.is_object()) {
    return nullptr;
  }
  const auto folded = go_fold_key(name);
  for (const auto& [key, value] : object.items()) {
    if (go_fold_key(key) == folded) {
      return &value;
    }
  }
  return nullptr;
}

namespace {

/// The member `name` when present, not null and of the type `is_type` checks; else nullptr,
/// with `error` set when present with another type.
const nlohmann::json*
typed_member(const nlohmann::json& object, std::string_view name, bool (nlohmann::json::*is_type)() const noexcept,
             std::string_view expected, std::string& error)
{
  const auto* member = json_member(object, name);
  if (member == nullptr || member->is_null()) {
    return nullptr;
  }
  if (!(member->*is_type)()) {
    set_type_error(error, name, expected);
    return nullptr;
  }
  return member;
}

} // namespace

bool
json_bool(const nlohmann::json& object, std::string_view name, std::string& error)
{
  const auto* member = typed_member(object, name, &nlohmann::json::is_boolean, "a boolean", error);
  return member != nullptr && member->get<bool>();
}

std::uint64_t
json_unsigned(const nlohmann::json& object, std::string_view name, std::string& error)
{
  const auto* member = typed_member(object, name, &nlohmann::json::is_number_unsigned, "an unsigned integer", error);
  return member == nullptr ? 0 : member->get<std::uint64_t>();
}

std::string
json_string(const nlohmann::json& object, std::string_view name, std::string& error)
{
  const auto* member = typed_member(object, name, &nlohmann::json::is_string, "a string", error);
  return member == nullptr ? std::string() : member->get<std::string>();
}

std::vector<std::string>
json_strings(const nlohmann::json& object, std::string_view name, std::string& error)
{
  std::vector<std::string> strings;
  const auto* member = typed_member(object, name, &nlohmann::json::is_array, "an array of strings", error);
  if (member == nullptr) {
    return strings;
  }
  for (const auto& item : *member) {
    if (!item.is_string()) {
      set_type_error(error, name, "an array of strings");
      return {};
    }
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

} // namespace sd::api
