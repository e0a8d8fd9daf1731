#include "scan/python_tokens.hpp"

#include <algorithm>
#include <array>

namespace sd::scan {

namespace {

// ASCII tests, not <cctype>'s: a call per character was a tenth of the tokenizer's time.
constexpr bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}

constexpr bool
is_identifier_byte(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_'
         || static_cast<unsigned char>(c) >= 0x80;
}

// is_identifier_byte of every byte, looked up: most of a Python file is names.
constexpr auto k_identifier_bytes = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    table[c] = is_identifier_byte(static_cast<char>(c));
  }
  return table;
}();

bool
is_identifier_char(char c)
{
  return k_identifier_bytes[static_cast<unsigned char>(c)];
}

} // namespace

std::vector<Token>
tokenize_python(std::string_view s)
{
  std::vector<Token> tokens;
  tokens.reserve(s.size() / 4); // about one token in four bytes of code: few reallocations
  std::size_t i = 0;
  const auto read_string = [&](std::size_t begin, std::size_t quote_at, std::string_view prefix) {
    Token token;
    token.kind = TokenKind::string;
    token.begin = begin;
    for (const char p : prefix) {
      token.raw = token.raw || p == 'r' || p == 'R';
      token.formatted = token.formatted || p == 'f' || p == 'F';
    }
    const char quote = s[quote_at];
    const bool triple = quote_at + 2 < s.size() && s[quote_at + 1] == quote && s[quote_at + 2] == quote;
    std::size_t k = quote_at + (triple ? 3 : 1);
    token.content_begin = k;
    while (k < s.size()) {
      if (s[k] == '\\') {
        k += 2;
        continue;
      }
      if (!triple && s[k] == '\n') {
        break; // unterminated
      }
      if (s[k] == quote && (!triple || (k + 2 < s.size() && s[k + 1] == quote && s[k + 2] == quote))) {
        break;
      }
      ++k;
    }
    k = std::min(k, s.size());
    token.content_end = k;
    token.end = std::min(s.size(), k + (k < s.size() && s[k] == quote ? (triple ? 3U : 1U) : 0U));
    tokens.push_back(token);
    i = token.end;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') {
        ++i;
      }
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\' || c == '\f') {
      ++i;
    } else if (c == '"' || c == '\'') {
      read_string(i, i, {});
    } else if (is_identifier_char(c) && !is_digit(c)) {
      std::size_t k = i;
      while (k < s.size() && is_identifier_char(s[k])) {
        ++k;
      }
      const auto word = s.substr(i, k - i);
      bool prefix = word.size() <= 2 && k < s.size() && (s[k] == '"' || s[k] == '\'');
      for (const char p : word) {
        prefix = prefix && std::string_view("rRbBfFuU").find(p) != std::string_view::npos;
      }
      if (prefix) {
        read_string(i, k, word);
      } else {
        tokens.push_back({TokenKind::name, i, k});
        i = k;
      }
    } else if (is_digit(c)) {
      std::size_t k = i;
      while (k < s.size() && (is_identifier_char(s[k]) || s[k] == '.')) {
        ++k;
      }
      tokens.push_back({TokenKind::other, i, k});
      i = k;
    } else {
      tokens.push_back({TokenKind::op, i, i + 1});
      ++i;
    }
  }
  return tokens;
}

} // namespace sd::scan
