#pragma once

#include <string>
#include <string_view>

// JSON written straight into a string, in the order given, on one line: for the audit record,
// written for every call and every API request, where building a document tree first cost more
// than all the rest of the record (77,000 instructions of 131,000 per proxied request).
// Strings are escaped as nlohmann::json's dump does; they must already be valid UTF-8
// (util::escape_invalid_utf8).

namespace sd::util {

class JsonWriter
{
public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The next member's name, written as it is (the program's own names: nothing to escape); its
  /// value follows.
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(long long number);
  JsonWriter& value(int number) { return value(static_cast<long long>(number)); }
  JsonWriter& value(unsigned number) { return value(static_cast<long long>(number)); }
  /// Shortest form that reads back the same; a whole number keeps ".0"; NaN and infinities are null.
  JsonWriter& value(double number);
  JsonWriter& value(bool flag);
  JsonWriter& null();

  const std::string& text() const { return m_out; }
  std::string take() { return std::move(m_out); }

private:
  void separate();

  std::string m_out;
  bool m_need_comma = false;
};

/// `text` as a JSON string, quotes included, appended to `out`.
void append_json_string(std::string& out, std::string_view text);

} // namespace sd::util
