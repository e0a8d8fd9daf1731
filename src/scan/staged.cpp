#include "scan/staged.hpp"

#include "scan/file_kind.hpp"
#include "scan/git.hpp"

namespace sd::scan {

std::string
scan_staged(Scanner& scanner)
{
  const auto top = run_git({"rev-parse", "--show-toplevel"});
  if (!top) {
    return "git cannot be started; --staged needs git on PATH";
  }
  if (top->status != 0) {
    return "not inside a git work tree; --staged scans the files staged for commit";
  }
  const auto staged = run_git({"diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"});
  if (!staged || staged->status != 0) {
    return "git diff --cached failed";
  }
  for (const auto& path : split_nul(staged->out)) {
    // A blob is read only when its name, or maybe its `#!` line, can make it a known kind.
    const auto name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    if (kind_from_name(path) == FileKind::none && name.find('.') != std::string::npos) {
      continue;
    }
    // `:PATH` names the index's version; the path is relative to the top of the work tree.
    const auto blob = run_git({"cat-file", "blob", ":" + path});
    if (!blob || blob->status != 0) {
      scanner.result().notes.push_back(path + ": cannot read the staged version");
      continue;
    }
    scanner.scan_text(path, blob->out);
  }
  return {};
}

} // namespace sd::scan
