#pragma once

#include <string_view>

namespace sd::util {

/// Whether `text` holds `needle`: glibc's memmem where there is one (many times faster on a
/// whole file than string_view::find, which stops at every occurrence of the needle's first
/// byte); a Boyer-Moore-Horspool search elsewhere.
bool contains_bytes(std::string_view text, std::string_view needle);

} // namespace sd::util
