#pragma once

#include <string>

namespace sd::util {

/// A file's permission bits as chmod writes them ("0755"), for messages about unsafe files.
std::string mode_text(unsigned mode);

} // namespace sd::util
