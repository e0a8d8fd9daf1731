#pragma once

#include <functional>
#include <string>
#include <string_view>

// What several *_win32.cpp files need: built on Windows only (util/CMakeLists.txt), used by
// *_win32.cpp files only.

namespace sd::util {

enum class KnownFolder : unsigned char {
  local_app_data,   ///< %LOCALAPPDATA%: this machine's, not roamed
  roaming_app_data, ///< %APPDATA%
  program_data,     ///< %ProgramData%: every user's
};

/// The folder as the shell knows it, not as the environment says (a caller could point the
/// variable elsewhere); "" when it cannot be told.
std::string known_folder(KnownFolder folder);

/// Whether `name` ends in ".exe", in any case.
bool has_exe_suffix(std::string_view name);

/// Hands what the pipe on `fd` holds now to `take`, without waiting for more: false once every
/// writer has closed it.
bool drain_pipe(int fd, const std::function<void(std::string_view)>& take);

} // namespace sd::util
