#pragma once

#include <string_view>

// The system time zone database (tzdata): which IANA zone names it holds.

namespace sd::util {

/// Whether `name` ("Europe/Berlin") is a zone of the database: a name, not a path (no leading
/// '/', no "..", only letters, digits and / _ - +), whose file under TZDIR (when it is an
/// absolute path), else /usr/share/zoneinfo, exists and starts with the TZif magic. Reads at
/// most four bytes of one file.
bool zoneinfo_has(std::string_view name);

} // namespace sd::util
