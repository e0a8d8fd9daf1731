#pragma once

#include "scan/shell_text.hpp"

#include <string_view>
#include <vector>

// A file cut into physical lines, for the line-based extractors (Makefile, YAML, Dockerfile,
// Markdown).

namespace sd::scan {

/// One physical line of a file.
struct TextLine
{
  Offset start = 0;      ///< file offset of the line's first byte
  std::string_view text; ///< without the newline and a trailing carriage return
};

/// The lines of `file`; a final line without a newline counts.
std::vector<TextLine> split_lines(std::string_view file);

/// `text` without leading spaces and tabs.
std::string_view trim_left(std::string_view text);
/// `text` without trailing spaces and tabs.
std::string_view trim_right(std::string_view text);
/// `text` without either.
std::string_view trim(std::string_view text);

} // namespace sd::scan
