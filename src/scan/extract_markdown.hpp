#pragma once

#include "scan/invocation.hpp"

#include <string_view>
#include <vector>

// Docker calls in Markdown code fences: ```sh, ```bash, ```shell, ```zsh (the body is shell
// code) and ```console, ```shell-session (only the `$ ` prompt lines, with their `\`
// continuations, are commands; the rest is output). Other fences and prose are not read.

namespace sd::scan {

/// Appends the docker calls in Markdown `file` to `out`.
void extract_markdown(std::string_view file, std::vector<Invocation>& out);

} // namespace sd::scan
