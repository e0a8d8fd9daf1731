#include "run/process_parents.hpp"

#include "run/capture.hpp"

#include <charconv>
#include <map>
#include <string>
#include <unistd.h>

namespace sd::run {

namespace {

// Every process's parent, from POSIX ps (no /proc here). Only nested calls and the API guard's
// clients ask, so one ps per question is affordable.
std::map<std::int64_t, std::int64_t>
parents()
{
  std::map<std::int64_t, std::int64_t> table;
  for (const char* ps : {"/bin/ps", "/usr/bin/ps"}) {
    if (::access(ps, X_OK) != 0) {
      continue;
    }
    const auto listed = run_captured(ps, {"ps", "-A", "-o", "pid=", "-o", "ppid="});
    if (listed.status != 0) {
      return table;
    }
    const char* at = listed.out.data();
    const char* end = at + listed.out.size();
    while (at < end) {
      std::int64_t pid = 0;
      std::int64_t parent = 0;
      while (at < end && (*at == ' ' || *at == '\n')) {
        ++at;
      }
      auto read = std::from_chars(at, end, pid);
      at = read.ptr;
      while (at < end && *at == ' ') {
        ++at;
      }
      read = std::from_chars(at, end, parent);
      if (read.ec != std::errc{}) {
        break;
      }
      at = read.ptr;
      table[pid] = parent;
    }
    return table;
  }
  return table;
}

} // namespace

std::function<std::int64_t(std::int64_t)>
parent_lookup()
{
  return [table = parents()](std::int64_t pid) {
    const auto found = table.find(pid);
    return found != table.end() ? found->second : std::int64_t{0};
  };
}

} // namespace sd::run
