#include "util/utf8.hpp"

#include <cstdint>

namespace sd::util {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF).
std::size_t
valid_sequence_length(std::string_view text, std::size_t i)
{
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(i);
  if (lead < 0x80) {
    return 1;
  }
  std::size_t length = 0;
  std::uint8_t low = 0x80;
  std::uint8_t high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  if (byte(i + 1) < low || byte(i + 1) > high) {
    return 0;
  }
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
      return 0;
    }
  }
  return length;
}

} // namespace

std::string
escape_invalid_utf8(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto length = valid_sequence_length(text, i);
    if (length == 0) {
      constexpr char k_hex[] = "0123456789ABCDEF";
      const auto b = static_cast<std::uint8_t>(text[i]);
      out += "\\x";
      out += k_hex[b >> 4];
      out += k_hex[b & 0xF];
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string
fit_columns(std::string_view text, std::size_t columns)
{
  // Code point starts, up to columns + 1 of them: enough to know whether the text fits.
  std::size_t count = 0;
  std::size_t cut = text.size(); // byte offset where character number `columns` starts
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<std::uint8_t>(text[i]) & 0xC0) != 0x80) {
      if (count + 1 == columns) {
        cut = i; // where '…' goes, should the text not fit
      }
      if (++count > columns) {
        return columns == 0 ? std::string() : std::string(text.substr(0, cut)) + "\u2026";
      }
    }
  }
  return std::string(text);
}

} // namespace sd::util
