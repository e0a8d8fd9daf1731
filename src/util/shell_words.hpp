#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd::util {

/// Splits `text` into words the way a POSIX shell does for single quotes, double quotes and
/// backslashes, without any expansion. Returns nullopt when a quote is left open.
std::optional<std::vector<std::string>> split_shell_words(std::string_view text);

/// Quotes `word` for a POSIX shell only when it needs quoting ("web" stays web, "a b" → 'a b').
std::string quote_shell_word(std::string_view word);

/// Joins words with spaces, each quoted as needed.
std::string join_shell_words(const std::vector<std::string>& words);

} // namespace sd::util
