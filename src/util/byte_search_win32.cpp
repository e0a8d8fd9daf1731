#include "util/byte_search.hpp"

#include <algorithm>
#include <functional>

namespace sd::util {

bool
contains_bytes(std::string_view text, std::string_view needle)
{
  return std::search(text.begin(), text.end(), std::boyer_moore_horspool_searcher(needle.begin(), needle.end()))
         != text.end();
}

} // namespace sd::util
