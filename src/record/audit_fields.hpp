#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// A field of an audit record read back from disk, where anything may have been written: taken
// only when it has the expected type (nlohmann's value() would throw on a mismatch), else absent.

namespace sd::record {

inline std::string
text_field(const nlohmann::json& record, const char* key, std::string_view fallback = {})
{
  const auto it = record.find(key);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string(fallback);
}

inline std::uint64_t
count_field(const nlohmann::json& record, const char* key)
{
  const auto it = record.find(key);
  return it != record.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

inline std::optional<double>
number_field(const nlohmann::json& record, const char* key)
{
  const auto it = record.find(key);
  return it != record.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
}

} // namespace sd::record
