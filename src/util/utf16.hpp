#pragma once

#include <string>
#include <string_view>

// Windows speaks UTF-16 (the W calls); safedocker's strings are UTF-8. The conversions happen
// at the edge, in the *_win32.cpp files, and only there.

namespace sd::util {

/// `text` (UTF-8) as UTF-16; an invalid byte becomes U+FFFD.
std::wstring to_utf16(std::string_view text);

/// `text` (UTF-16) as UTF-8; a lone surrogate becomes U+FFFD.
std::string from_utf16(std::wstring_view text);

/// Sets errno from GetLastError() (ENOENT, EACCES, EEXIST, EWOULDBLOCK, …; EIO for the rest),
/// so that callers report a Windows failure as they report a POSIX one.
void set_errno_from_last_error();

} // namespace sd::util
