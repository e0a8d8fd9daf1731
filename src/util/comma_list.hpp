#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sd::util {

/// The words of a comma-separated setting ("a, b,,c" → a b c): blanks around words trimmed,
/// empty words dropped.
std::vector<std::string> split_comma_list(std::string_view text);

} // namespace sd::util
