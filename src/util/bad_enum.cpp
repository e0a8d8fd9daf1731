#include "util/bad_enum.hpp"

#include <cstdio>
#include <cstdlib>

namespace sd::util {

void
bad_enum(std::string_view type, long long value)
{
  std::fprintf(stderr, "safedocker: internal error: %.*s has no value %lld; please report this\n",
               static_cast<int>(type.size()), type.data(), value);
  std::abort();
}

} // namespace sd::util
