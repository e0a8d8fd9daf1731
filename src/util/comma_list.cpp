#include "util/comma_list.hpp"

namespace sd::util {

std::string_view
trim_spaces(std::string_view text)
{
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<std::string>
split_comma_list(std::string_view text)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    end = end == std::string_view::npos ? text.size() : end;
    const auto word = trim_spaces(text.substr(start, end - start));
    if (!word.empty()) {
      out.emplace_back(word);
    }
    start = end + 1;
  }
  return out;
}

} // namespace sd::util
