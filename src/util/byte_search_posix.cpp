#include "util/byte_search.hpp"

#include <cstring>

namespace sd::util {

bool
contains_bytes(std::string_view text, std::string_view needle)
{
  return ::memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

} // namespace sd::util
