#include "scan/git.hpp"

#include "util/child_process.hpp"
#include "util/file_reading.hpp"

namespace sd::scan {

std::optional<GitOutput>
run_git(const std::vector<std::string>& args)
{
  util::ChildSpec spec;
  spec.argv = {"git"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.in = util::ChildStream::null;
  spec.out = util::ChildStream::pipe;
  spec.err = util::ChildStream::null;
  const auto child = util::start_child(spec);
  if (child.pid < 0) {
    return std::nullopt;
  }
  GitOutput output;
  output.out = util::read_until_end(child.out_fd);
  output.status = util::wait_child(child.pid);
  return output;
}

std::vector<std::string>
split_nul(const std::string& text)
{
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\0', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    if (end > start) {
      parts.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return parts;
}

} // namespace sd::scan
