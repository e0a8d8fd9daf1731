#pragma once

#include "scan/invocation.hpp"

#include <string_view>
#include <vector>

// Docker calls in Python: `subprocess.run/call/check_call/check_output/Popen` with a literal
// list (each string literal is a word; any other element becomes a placeholder word such as
// `{name}`), a literal string with `shell=True`, or `"…".split()`; `subprocess.getoutput`,
// `os.system` and `os.popen` with a literal string (shell code); and asyncio's
// `create_subprocess_exec("docker", …)` and `create_subprocess_shell("…")`. Module aliases
// (`import subprocess as sp`) and `from subprocess import run` are followed. A command held in
// a variable is not seen.

namespace sd::scan {

/// Passes each docker call in Python `file` to `out`, in order.
void extract_python(std::string_view file, const CallSink& out);

} // namespace sd::scan
