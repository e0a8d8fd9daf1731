#include "run/process_parents.hpp"

#include <windows.h>

#include <tlhelp32.h>

#include <map>

namespace sd::run {

namespace {

// Every process's parent, from one toolhelp snapshot. (A parent id may name a process that has
// ended and whose id was reused; the walks up the tree that use this stop at what they know.)
std::map<std::int64_t, std::int64_t>
parents()
{
  std::map<std::int64_t, std::int64_t> table;
  const HANDLE snapshot = ::CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snapshot == INVALID_HANDLE_VALUE) {
    return table;
  }
  PROCESSENTRY32W entry{};
  entry.dwSize = sizeof entry;
  for (BOOL more = ::Process32FirstW(snapshot, &entry); more != 0; more = ::Process32NextW(snapshot, &entry)) {
    table[entry.th32ProcessID] = entry.th32ParentProcessID;
  }
  ::CloseHandle(snapshot);
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
