#pragma once

#include "scan/scanner.hpp"

#include <string>

// `guard scan --staged`, the pre-commit hook's scan: the files git would commit (added,
// copied, modified or renamed in the index), read from the index rather than the work tree,
// so a partly staged file is scanned as it will be committed.

namespace sd::scan {

/// Scans the staged files of the repository around the current directory into `scanner`.
/// Returns an empty string, or why it could not (not a git work tree, git missing).
std::string scan_staged(Scanner& scanner);

} // namespace sd::scan
