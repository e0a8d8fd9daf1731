#include "util/comma_list.hpp"

namespace sd::util {

std::vector<std::string>
split_comma_list(std::string_view text)
{
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    end = end == std::string_view::npos ? text.size() : end;
    auto word = text.substr(start, end - start);
    while (!word.empty() && word.front() == ' ') {
      word.remove_prefix(1);
    }
    while (!word.empty() && word.back() == ' ') {
      word.remove_suffix(1);
    }
    if (!word.empty()) {
      out.emplace_back(word);
    }
    start = end + 1;
  }
  return out;
}

} // namespace sd::util
