#pragma once

#include "scan/invocation.hpp"

#include <string_view>
#include <vector>

// Docker calls in CI YAML: the shell code under the keys CI systems run (`run`, `script`,
// `before_script`, `after_script`, `command`, `commands`, `bash`, `shell`, `cmd`, and Travis'
// `install`, `before_install`, `after_success`, `after_failure`, `before_deploy`, `after_deploy`),
// whether the value is plain, quoted, a block scalar (`|`, `>`), a list of those, or a flow
// list. A line-based reader: it keeps every byte's line and column, and needs no YAML library.

namespace sd::scan {

/// Passes each docker call in YAML `file` to `out`, in order.
void extract_yaml(std::string_view file, const CallSink& out);

} // namespace sd::scan
