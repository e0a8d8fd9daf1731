#pragma once

#include "admission/state_dir.hpp"
#include "admission/unique_fd.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// How a queued slot waiter sleeps until what it waits for may have happened (see slots.hpp):
// a wait on a few files of the state directory, never on the directory itself, so a handoff
// wakes the one process it concerns at once.
//  - Linux watches the files with inotify.
//  - Windows cannot watch a file's close or unlink: what the waiter follows is told instead by
//    a named event (ChangeNotice: a released slot, a waiter leaving the queue) and by the death
//    of the processes whose files it follows (a wait on their process handles).
//  - Elsewhere there is no such watch: the waiter sleeps a short while and checks again, the
//    sleep growing while nothing changes (the head from 1 to 4 ms, the others from 2 to 16 ms).

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
  ~ChangeWaiter();
  ChangeWaiter(const ChangeWaiter&) = delete;
  ChangeWaiter& operator=(const ChangeWaiter&) = delete;

  /// Watches `names` in `dir` for `change` from now on, instead of what was watched. False
  /// when a file is missing: what it stood for has already happened, so the caller re-checks.
  bool follow(const StateDir& dir, const std::vector<std::string>& names, FileChange change);

  /// Returns after a watched change, a signal or `timeout` (where changes cannot be watched:
  /// after the next short sleep). The caller re-checks either way.
  void wait(std::chrono::milliseconds timeout);

  /// What must stay open until the slot is released (see SlotLease), possibly nothing.
  UniqueFd take();

  /// Whether what is followed is watched, so wait() returns only on a change or the timeout
  /// (false: the short sleeps, everywhere but Linux and Windows, or with no watch to be had).
  bool watching() const;

private:
  UniqueFd m_fd;
  std::vector<std::intptr_t> m_watches; ///< inotify's watches (Linux); handles waited on (Windows)
  std::vector<std::string> m_names;
  FileChange m_change = FileChange::closed;
  std::chrono::milliseconds m_sleep{0};
};

/// Tells the waiters following `name` that it changed, where they cannot see it for themselves
/// (Windows: sets the named event they wait on; elsewhere the change itself is what they see,
/// and a notice holds nothing and does nothing). It needs the directory only to be made, so a
/// slot's lease keeps one made when the slot was taken.
class ChangeNotice
{
public:
  ChangeNotice() = default;
  ChangeNotice(const StateDir& dir, std::string_view name, FileChange change);

  /// Tells them now; a notice nobody waits for is not an error.
  void give() const;

private:
  std::string m_event; ///< Windows: the event's name
};

} // namespace sd::admission
