#pragma once

#include "admission/state_dir.hpp"
#include "admission/unique_fd.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

// How a queued slot waiter sleeps until what it waits for may have happened (see slots.hpp):
// a wait on a few files of the state directory, never on the directory itself. Linux watches
// the files with inotify, so a handoff wakes the one process it concerns at once. Elsewhere there
// is no such watch: the waiter sleeps a short while and checks again, the sleep growing while
// nothing changes (the head from 1 to 4 ms, the others from 2 to 16 ms).

namespace sd::admission {

/// What ends the wait on a file.
enum class FileChange : std::uint8_t {
  closed, ///< a slot file: closed by a holder that released it or died
  left,   ///< a waiter's file: unlinked (its owner got a slot or gave up), or closed after
          ///< writing (its owner died)
};

class ChangeWaiter
{
public:
  ChangeWaiter();

  /// Watches `names` in `dir` for `change` from now on, instead of what was watched. False
  /// when a file is missing: what it stood for has already happened, so the caller re-checks.
  bool follow(const StateDir& dir, const std::vector<std::string>& names, FileChange change);

  /// Returns after a watched change, a signal or `timeout` (where changes cannot be watched:
  /// after the next short sleep). The caller re-checks either way.
  void wait(std::chrono::milliseconds timeout);

  /// What must stay open until the slot is released (see SlotLease), possibly nothing.
  UniqueFd take();

private:
  UniqueFd m_fd;
  std::vector<int> m_watches;
  std::vector<std::string> m_names;
  FileChange m_change = FileChange::closed;
  std::chrono::milliseconds m_sleep{0};
};

} // namespace sd::admission
