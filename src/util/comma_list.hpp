#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sd::util {

/// `text` without the spaces at its start and end.
std::string_view trim_spaces(std::string_view text);

/// The words of a comma-separated setting ("a, b,,c" → a b c): blanks around words trimmed,
/// empty words dropped.
std::vector<std::string> split_comma_list(std::string_view text);

} // namespace sd::util
