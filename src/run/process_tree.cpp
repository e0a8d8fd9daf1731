#include "run/process_tree.hpp"

#include "run/process_parents.hpp"
#include "util/process_identity.hpp"

namespace sd::run {

bool
is_ancestor(std::int64_t pid)
{
  return is_ancestor_of(pid, util::own_pid());
}

bool
is_ancestor_of(std::int64_t pid, std::int64_t descendant)
{
  if (pid <= 1 || descendant <= 1) {
    return false;
  }
  const bool self = descendant == util::own_pid();
  if (self && util::parent_pid() == pid) {
    return true; // the common case asks nothing of the platform
  }
  const auto parent_of = parent_lookup();
  std::int64_t current = self ? util::parent_pid() : parent_of(descendant);
  for (int depth = 0; depth < 64 && current > 1; ++depth) {
    if (current == pid) {
      return true;
    }
    current = parent_of(current);
  }
  return false;
}

} // namespace sd::run
