#include "scan/text_lines.hpp"

namespace sd::scan {

std::vector<TextLine>
split_lines(std::string_view file)
{
  std::vector<TextLine> lines;
  std::size_t start = 0;
  while (start < file.size()) {
    auto end = file.find('\n', start);
    const std::size_t next = end == std::string_view::npos ? file.size() : end + 1;
    if (end == std::string_view::npos) {
      end = file.size();
    }
    auto text = file.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
    }
    lines.push_back({static_cast<Offset>(start), text});
    start = next;
  }
  return lines;
}

// Plain loops: find_first_not_of(" \t") calls memchr once per character.
std::string_view
trim_left(std::string_view text)
{
  std::size_t first = 0;
  while (first < text.size() && (text[first] == ' ' || text[first] == '\t')) {
    ++first;
  }
  return text.substr(first);
}

std::string_view
trim_right(std::string_view text)
{
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
    --end;
  }
  return text.substr(0, end);
}

std::string_view
trim(std::string_view text)
{
  return trim_right(trim_left(text));
}

} // namespace sd::scan
