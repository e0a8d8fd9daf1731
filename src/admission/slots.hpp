#pragma once

#include "admission/change_waiter.hpp"
#include "admission/state_dir.hpp"
#include "admission/unique_fd.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A counting semaphore shared by every safedocker process on the machine: N slots are the lock
// files slot.0 … slot.N-1 of a StateDir, and a slot is held by an exclusive flock on one of them.
//
// Crash safety and inheritance. The slot's descriptor is opened O_CLOEXEC on purpose: the docker
// process tree does not inherit it, so a detached grandchild (a credential helper, an ssh
// ControlMaster, a `docker compose up -d` leftover) can never pin a slot, and if the wrapper
// dies, even by SIGKILL, the kernel closes the descriptor and the slot is free at once, even
// while docker itself lives on. (A plain fork() of the wrapper without exec would share the
// lock; safedocker only starts children with exec.) Nothing is ever held that a dead process
// could leak: every lock is an flock on a descriptor, and every file left behind is either
// reused or recognised as dead and removed.
//
// Fairness. Waiters are served in arrival order by tickets (the files queue and waiter.T):
//   - under an exclusive flock on `queue`, a waiter reads and increments the ticket counter T,
//     creates waiter.T.tmp, flocks it, writes its record (as a holder's) and renames it to
//     waiter.T (so it never appears unlocked);
//   - a waiter is at the head when no live waiter has a smaller ticket (live: its waiter file is
//     flocked; a file that can be locked is a dead waiter's leftover and is removed);
//   - only the head tries the slots (LOCK_NB); the others wait.
// The fast path (no ticket) also runs under the queue lock: a newcomer takes a free slot without
// queueing only when no live waiter exists. So the overtaking bound is 0: no process ever gets a
// slot before a live waiter that queued before it; a newcomer takes a slot only when the queue
// is empty. The queue lock is a blocking flock held only for a directory scan and a ticket write
// (microseconds); the wait for it is not bounded by the timeout (a process stopped with SIGSTOP
// inside that window would hold everyone up until it resumes or dies).
//
// Waiting never polls busily: it sleeps on a ChangeWaiter (change_waiter.hpp) of just the files
// that can change its outcome (the head: the slot files, closed; any other waiter: the file of
// the live waiter just ahead, unlinked or closed by its dying owner). On Linux that is inotify,
// so a handoff wakes one process, with a 100 ms timeout as a safety net for lost events; on
// Windows named events that a release and a waiter's leaving set, and the handles of the
// processes whose files are followed; on the portable platform a short sleep between checks.

namespace sd::admission {

/// How often a waiter re-checks without any inotify event: the safety net.
constexpr std::chrono::milliseconds k_slot_recheck{100};

/// Who holds (or last held) a slot, as written into the slot file by its holder.
struct SlotHolder
{
  int slot = -1;
  std::int64_t pid = 0; ///< 0 when the record is unreadable
  std::string command;  ///< as given to acquire_slot
  std::optional<std::chrono::system_clock::time_point> since;
};

/// A held slot. Releasing it (release() or destruction) closes the descriptor, which drops the
/// flock; dying does the same. Move-only. It also keeps what the wait left open, closed only
/// after the slot: the other slot files this process tried (their close would wake a waiting
/// head) and the wait's inotify instance (Linux). Closing an inotify instance waits for the kernel's
/// pending watch removals (an RCU grace period, up to ~15 ms on a busy machine); done before
/// docker starts, that wait would sit between the slot and docker, and even closed while
/// docker runs it can land in docker's exec (the child's copy may be the last reference).
class SlotLease
{
public:
  SlotLease() = default;
  SlotLease(UniqueFd fd, int slot, std::vector<UniqueFd> kept_open = {}, ChangeNotice freed = {});
  SlotLease(SlotLease&& other) noexcept;
  SlotLease& operator=(SlotLease&& other) noexcept;
  ~SlotLease() { release(); }

  /// Whether a slot is held.
  bool held() const { return m_fd.valid(); }
  /// The slot index, or -1.
  int slot() const { return m_slot; }
  /// The locked descriptor (close-on-exec), or -1.
  int fd() const { return m_fd.get(); }
  /// Keeps `fd` open until release().
  void keep_open(UniqueFd fd);
  /// Releases the slot now (then tells a waiting head, where it must be told). The holder
  /// record stays in the file; a free slot's record is ignored by list_holders.
  void release();

private:
  std::vector<UniqueFd> m_kept_open; ///< other slot files, the wait's inotify instance
  UniqueFd m_fd;
  int m_slot = -1;
  ChangeNotice m_freed;
};

/// What acquire_slot should do.
struct SlotRequest
{
  int slots = 1;                        ///< N, at least 1
  std::chrono::milliseconds timeout{0}; ///< 0: one attempt, no waiting
  std::string command;                  ///< shown to others while the slot is held (in shared
                                        ///< mode to other users too): pass it redacted
  /// Told how the wait goes after each check while queued (at least every k_slot_recheck):
  /// the time waited so far and the live waiters ahead. It must not throw.
  std::function<void(std::chrono::milliseconds waited, int ahead)> progress;
};

/// How a slot was (or was not) obtained.
enum class SlotRoute : std::uint8_t {
  fast_path, ///< free slot, empty queue: no ticket
  queued,    ///< through the ticket queue
};

/// The outcome of acquire_slot: a held lease, or a timeout with who holds the slots.
struct SlotWait
{
  SlotLease lease; ///< held() unless the wait timed out
  SlotRoute route = SlotRoute::fast_path;
  std::uint64_t ticket = 0; ///< the ticket, when queued
  std::chrono::milliseconds waited{0};
  std::vector<SlotHolder> holders; ///< on timeout: the holders at that moment
  int waiters_ahead = 0;           ///< on timeout: live waiters that were ahead of us
};

/// Acquires one of `request.slots` slots in `dir`, waiting in arrival order up to
/// `request.timeout`. On success writes {"pid","command","since_ms"} into the slot file. A
/// timeout is a value (lease not held, holders filled in), not an error. Throws AdmissionError
/// when a state file is unsafe (a symlink, not a regular file) or cannot be opened or locked.
SlotWait acquire_slot(const StateDir& dir, const SlotRequest& request);

/// The current holders of slots 0 … slots-1: a slot whose lock can be taken is free whatever
/// its file says, and is not listed. A holder whose record cannot be read is listed with pid 0.
std::vector<SlotHolder> list_holders(const StateDir& dir, int slots);

/// The number of live waiters in the queue of `dir` (for a health view).
int count_waiters(const StateDir& dir);

/// The pid that a slot file's or a waiter file's `content` records, or 0 when unreadable.
std::int64_t recorded_pid(std::string_view content);

} // namespace sd::admission
