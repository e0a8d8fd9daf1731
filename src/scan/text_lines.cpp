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

std::string_view
trim_left(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t");
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

std::string_view
trim_right(std::string_view text)
{
  const auto last = text.find_last_not_of(" \t");
  return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

std::string_view
trim(std::string_view text)
{
  return trim_right(trim_left(text));
}

} // namespace sd::scan
