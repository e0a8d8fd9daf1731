#include "api/go_text.hpp"

#include <array>
#include <span>

namespace sd::api {

namespace {

// unicode.IsSpace beyond ASCII, as UTF-8 (U+2000–U+200A are listed one by one).
constexpr std::array<std::string_view, 18> k_wide_spaces = {
  "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82",
  "\xE2\x80\x83", "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88",
  "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F",
};
constexpr std::string_view k_ideographic_space = "\xE3\x80\x80";

bool
is_ascii_space(char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/// The length of the white space `text` starts with (at_end: ends with), 0 when none.
std::size_t
space_length(std::string_view text, bool at_end)
{
  if (!text.empty() && is_ascii_space(at_end ? text.back() : text.front())) {
    return 1;
  }
  const auto matches = [&](std::string_view space) { return at_end ? text.ends_with(space) : text.starts_with(space); };
  for (const auto space : k_wide_spaces) {
    if (matches(space)) {
      return space.size();
    }
  }
  return matches(k_ideographic_space) ? k_ideographic_space.size() : 0;
}

char
ascii_lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

struct Replacement
{
  std::string_view from;
  char to;
};

/// ASCII lowered, and the multi-byte sequences in `replacements` written as one ASCII letter.
std::string
lower_with(std::string_view text, std::span<const Replacement> replacements)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& replacement : replacements) {
      if (text.substr(i).starts_with(replacement.from)) {
        out += replacement.to;
        i += replacement.from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      out += ascii_lower(text[i]);
      ++i;
    }
  }
  return out;
}

constexpr std::string_view k_kelvin = "\xE2\x84\xAA";

} // namespace

std::string_view
go_trim_space(std::string_view text)
{
  for (auto n = space_length(text, false); n > 0; n = space_length(text, false)) {
    text.remove_prefix(n);
  }
  for (auto n = space_length(text, true); n > 0; n = space_length(text, true)) {
    text.remove_suffix(n);
  }
  return text;
}

std::string
go_to_lower(std::string_view text)
{
  static constexpr std::array<Replacement, 2> k_to_ascii = {{{"\xC4\xB0", 'i'}, {k_kelvin, 'k'}}};
  return lower_with(text, k_to_ascii);
}

std::string
go_fold_key(std::string_view key)
{
  static constexpr std::array<Replacement, 2> k_fold_to_ascii = {{{"\xC5\xBF", 's'}, {k_kelvin, 'k'}}};
  return lower_with(key, k_fold_to_ascii);
}

} // namespace sd::api
