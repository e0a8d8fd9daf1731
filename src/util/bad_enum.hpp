#pragma once

#include <string_view>

namespace sd::util {

/// A value outside its enumeration reached a switch that names every enumerator (memory was
/// corrupted, or a cast went wrong): says so on stderr and aborts, rather than going on under a
/// made-up name. The compiler's -Wswitch keeps each switch complete.
[[noreturn]] void bad_enum(std::string_view type, long long value);

} // namespace sd::util
