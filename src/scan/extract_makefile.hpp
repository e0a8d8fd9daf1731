#pragma once

#include "scan/invocation.hpp"

#include <string_view>
#include <vector>

// Docker calls in a Makefile's recipes: tab-indented lines after a rule (and `target: ; cmd`),
// with the `@`, `-` and `+` prefixes, backslash continuations and make's own expansion: `$$` is
// `$`, and `$(VAR)` or `${VAR}` is replaced by the value the Makefile gives VAR when that value
// is plain text (`DOCKER := docker`, `DC = docker compose`); any other reference stays an
// expansion the shell cannot name.

namespace sd::scan {

/// Passes each docker call in the recipes of Makefile `file` to `out`, in order.
void extract_makefile(std::string_view file, const CallSink& out);

} // namespace sd::scan
