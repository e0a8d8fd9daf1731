#include "scan/walker.hpp"

#include "scan/file_tree.hpp"
#include "scan/git.hpp"

#include <algorithm>
#include <optional>

namespace sd::scan {

namespace {

// A name check-attr is asked about: attributes apply to paths that do not exist too.
constexpr const char* k_attribute_probe = ".safedocker-scan-probe";
// Paths per check-attr call, well under the kernel's argument-size limit.
constexpr std::size_t k_attribute_batch = 512;

// Whether check-attr's -z output (`PATH\0ATTRIBUTE\0VALUE\0`…) marks each path `skip`, in order.
std::vector<bool>
skip_marks(const std::string& output)
{
  const auto fields = split_nul(output);
  std::vector<bool> marks;
  for (std::size_t k = 2; k < fields.size(); k += 3) {
    marks.push_back(fields[k] == "skip");
  }
  return marks;
}

// `relative` (paths under `directory`, from git) without those whose git attribute
// `safedocker-scan` is `skip`: test fixtures, full of blocked calls on purpose. When the named
// directory is itself inside such a tree, it was named on purpose and nothing is left out.
std::vector<std::string>
scanned(const std::string& directory, std::vector<std::string> relative)
{
  const auto probe = run_git({"-C", directory, "check-attr", "-z", "safedocker-scan", "--", k_attribute_probe});
  if (!probe || probe->status != 0 || skip_marks(probe->out) == std::vector<bool>{true}) {
    return relative;
  }
  std::vector<std::string> kept;
  for (std::size_t first = 0; first < relative.size(); first += k_attribute_batch) {
    const auto last = std::min(relative.size(), first + k_attribute_batch);
    std::vector<std::string> args{"-C", directory, "check-attr", "-z", "safedocker-scan", "--"};
    args.insert(args.end(), relative.begin() + static_cast<std::ptrdiff_t>(first),
                relative.begin() + static_cast<std::ptrdiff_t>(last));
    const auto checked = run_git(args);
    const auto marks = checked && checked->status == 0 ? skip_marks(checked->out) : std::vector<bool>{};
    for (std::size_t k = first; k < last; ++k) {
      // Unanswered (git failed): scanned, as a file is when in doubt.
      if (marks.size() != last - first || !marks[k - first]) {
        kept.push_back(std::move(relative[k]));
      }
    }
  }
  return kept;
}

// The files git lists under `directory`, or nullopt when it is not in a work tree.
std::optional<std::vector<std::string>>
git_files(const std::string& directory)
{
  // A directory git ignores as a whole, named on purpose, is walked plainly: git would list
  // nothing in it.
  const auto ignored = run_git({"-C", directory, "check-ignore", "-q", "."});
  if (!ignored || ignored->status != 1) {
    return std::nullopt; // ignored (0), or not a work tree (128)
  }
  const auto listed = run_git({"-C", directory, "ls-files", "-z", "--cached", "--others", "--exclude-standard"});
  if (!listed || listed->status != 0) {
    return std::nullopt;
  }
  std::vector<std::string> files;
  for (const auto& relative : scanned(directory, split_nul(listed->out))) {
    const auto path = join_path(directory, relative);
    // Deleted but still in the index, submodules and links are not files to read.
    if (is_plain_file(path)) {
      files.push_back(path);
    }
  }
  return files;
}

} // namespace

Listing
list_files(const std::string& path)
{
  Listing listing;
  const auto type = path_type(path, listing.error);
  if (type == PathType::missing) {
    return listing;
  }
  if (type != PathType::directory) {
    listing.files.push_back(path);
    return listing;
  }
  if (!directory_readable(path, listing.error)) {
    return listing;
  }
  if (auto files = git_files(path)) {
    listing.files = std::move(*files);
    listing.from_git = true;
  } else {
    walk_tree(path, listing.files, listing.notes);
  }
  std::sort(listing.files.begin(), listing.files.end());
  return listing;
}

} // namespace sd::scan
