#include "util/json_writer.hpp"

#include <charconv>
#include <cmath>

namespace sd::util {

void
append_json_string(std::string& out, std::string_view text)
{
  static constexpr char k_hex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain = 0; // start of the run of bytes copied as they are
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      continue;
    }
    out.append(text, plain, i - plain);
    plain = i + 1;
    switch (byte) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      out += "\\u00";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    }
  }
  out.append(text, plain);
  out += '"';
}

void
JsonWriter::separate()
{
  if (m_need_comma) {
    m_out += ',';
  }
  m_need_comma = true;
}

JsonWriter&
JsonWriter::begin_object()
{
  separate();
  m_out += '{';
  m_need_comma = false;
  return *this;
}

JsonWriter&
JsonWriter::end_object()
{
  m_out += '}';
  m_need_comma = true;
  return *this;
}

JsonWriter&
JsonWriter::begin_array()
{
  separate();
  m_out += '[';
  m_need_comma = false;
  return *this;
}

JsonWriter&
JsonWriter::end_array()
{
  m_out += ']';
  m_need_comma = true;
  return *this;
}

JsonWriter&
JsonWriter::key(std::string_view name)
{
  separate();
  m_out += '"';
  m_out += name; // the program's own names: nothing to escape
  m_out += "\":";
  m_need_comma = false; // the value follows without one
  return *this;
}

JsonWriter&
JsonWriter::value(std::string_view text)
{
  separate();
  append_json_string(m_out, text);
  return *this;
}

JsonWriter&
JsonWriter::value(long long number)
{
  separate();
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  m_out.append(buffer, end);
  return *this;
}

JsonWriter&
JsonWriter::value(double number)
{
  if (!std::isfinite(number)) {
    return null();
  }
  separate();
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
  const std::string_view written(buffer, static_cast<std::size_t>(end - buffer));
  m_out += written;
  if (written.find_first_of(".e") == std::string_view::npos) {
    m_out += ".0"; // read back as a floating-point number, as nlohmann::json writes it
  }
  return *this;
}

JsonWriter&
JsonWriter::value(bool flag)
{
  separate();
  m_out += flag ? "true" : "false";
  return *this;
}

JsonWriter&
JsonWriter::null()
{
  separate();
  m_out += "null";
  return *this;
}

} // namespace sd::util
