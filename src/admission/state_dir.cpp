#include "admission/state_dir.hpp"

#include "admission/error.hpp"

#include <cerrno>
#include <cstring>

// The part of state_dir.hpp that every platform shares.

namespace sd::admission {

std::string_view
record_text(std::string_view content)
{
  content = content.substr(0, content.find('\n'));
  while (!content.empty() && (content.back() == ' ' || content.back() == '\r')) {
    content.remove_suffix(1);
  }
  return content;
}

void
StateDir::lock(const UniqueFd& fd, std::string_view name, util::FileLock kind) const
{
  if (!util::lock_file(fd.get(), kind)) {
    throw AdmissionError("cannot lock " + file_path(name) + ": " + std::strerror(errno));
  }
}

bool
StateDir::try_lock(const UniqueFd& fd, std::string_view name, util::FileLock kind) const
{
  if (util::try_lock_file(fd.get(), kind)) {
    return true;
  }
  if (errno == EWOULDBLOCK) {
    return false;
  }
  throw AdmissionError("cannot lock " + file_path(name) + ": " + std::strerror(errno));
}

} // namespace sd::admission
