#pragma once

#include "scan/command_words.hpp"
#include "scan/invocation.hpp"
#include "scan/shell_lexer.hpp"

#include <span>
#include <vector>

// Docker calls in shell code: every simple command, including those inside `$(…)`, backquotes,
// `sh -c STRING`, `eval`, `ssh HOST COMMAND`, here-documents fed to a shell (`bash <<EOF`,
// `ssh HOST <<EOF`, `cat <<EOF | sh`) and `echo "…" | sh`. Every file type's extractor ends here.

namespace sd::scan {

/// Passes each docker call in `text` to `out`, in order.
void find_in_shell(const ShellText& text, Dialect dialect, const CallSink& out);

/// Passes the docker call an argv list makes, if any, to `out` (Dockerfile `RUN ["docker", …]`, a
/// Python list): wrappers such as sudo are skipped as in shell, and `["sh", "-c", "…"]` is read as
/// shell.
void find_in_argv(std::span<const Word> words, const CallSink& out);

} // namespace sd::scan
