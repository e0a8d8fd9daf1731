#pragma once

#include <string>
#include <string_view>

namespace sd::util {

/// `text` with every byte that is not part of a valid UTF-8 sequence written as the four
/// characters `\xNN`, so the result is valid UTF-8 and no input byte is silently lost.
std::string escape_invalid_utf8(std::string_view text);

/// `text` cut to at most `columns` characters (code points), the last one then '…', so a line
/// fits a terminal row. Valid UTF-8 in, valid UTF-8 out.
std::string fit_columns(std::string_view text, std::size_t columns);

} // namespace sd::util
