#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

// Python source cut into the tokens the scanner needs: names, string literals (with their
// prefixes and triple quotes), one-character operators and the rest; comments dropped.

namespace sd::scan {

enum class TokenKind : std::uint8_t { name, string, op, other };

struct Token
{
  TokenKind kind = TokenKind::other;
  std::size_t begin = 0; ///< the token as written: file[begin, end)
  std::size_t end = 0;
  // Strings only: where the content between the quotes is, and the prefix letters.
  std::size_t content_begin = 0;
  std::size_t content_end = 0;
  bool raw = false;       ///< r"…": backslashes are literal
  bool formatted = false; ///< f"…": {{ and }} stand for braces
};

/// The tokens of Python source `s`. Never fails: an unterminated string ends at its line's end
/// (or at the end, for a triple-quoted one).
std::vector<Token> tokenize_python(std::string_view s);

} // namespace sd::scan
