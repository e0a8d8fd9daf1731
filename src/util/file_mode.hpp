#pragma once

#include <string>
#include <sys/types.h>

namespace sd::util {

/// A file's permission bits as chmod writes them ("0755"), for messages about unsafe files.
std::string mode_text(mode_t mode);

} // namespace sd::util
