#pragma once

#include <string>
#include <vector>

// Which files a PATH argument names. A file is itself. A directory is walked recursively,
// without `.git` and without following links; inside a git work tree the files come from
// `git ls-files --cached --others --exclude-standard`, so whatever git ignores (.gitignore at
// every level, .git/info/exclude, core.excludesFile) is skipped exactly as git skips it. A
// directory that git ignores as a whole is walked plainly when it is named.

namespace sd::scan {

/// The files one PATH argument names.
struct Listing
{
  std::vector<std::string> files; ///< sorted; `PATH/…` (no `./` prefix for `.`)
  std::string error;              ///< why PATH cannot be listed; empty when it can
  std::vector<std::string> notes; ///< directories inside it that could not be read, and why
  bool from_git = false;          ///< the files came from git ls-files
};

/// The files under `path`.
Listing list_files(const std::string& path);

} // namespace sd::scan
