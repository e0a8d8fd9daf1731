#pragma once

#include "scan/invocation.hpp"

#include <string_view>
#include <vector>

// Docker calls in Markdown code fences: ```sh, ```bash, ```shell, ```zsh (the body is shell
// code) and ```console, ```shell-session (only the `$ ` prompt lines, with their `\`
// continuations, are commands; the rest is output). Other fences and prose are not read.

namespace sd::scan {

/// Passes each docker call in Markdown `file` to `out`, in order.
void extract_markdown(std::string_view file, const CallSink& out);

} // namespace sd::scan
