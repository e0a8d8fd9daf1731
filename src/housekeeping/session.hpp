#pragma once

#include "admission/state_dir.hpp"
#include "admission/unique_fd.hpp"
#include "housekeeping/cleanup_plan.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

// Test sessions in the state directory (limits.lock_dir): the file session.ID, held with an
// exclusive flock for as long as the session lives. An flock belongs to the open file, not to a
// process: the owner passes the locked descriptor on to the session's command, so the lock is
// held while the owner, the command or anything they started still has it open, and the kernel
// drops it when the last of them dies, whatever kills it. A session whose file can be locked is
// dead: the next cleanup pass reaps what it made. A session that ends normally removes its file.

namespace sd::housekeeping {

/// What the session file records (one JSON line, version 1).
struct SessionRecord
{
  std::string id;
  std::vector<std::string> command; ///< what the session runs (shortened to fit the record)
  bool keep = false;
  bool volumes = false;
};

/// A live session: the lock on its file. Move-only; the lock goes with the descriptor.
class SessionLease
{
public:
  SessionLease(const admission::StateDir& dir, std::string id, admission::UniqueFd fd);
  const std::string& id() const { return m_id; }
  /// The locked descriptor (close-on-exec): hand it to the session's command (spawn's
  /// inherited_fd) so the session stays live while the command runs, even if its owner dies.
  int lock_fd() const { return m_fd.get(); }
  /// Ends the session: removes its file (under the lock), then drops the lock.
  void finish();
  /// Drops the lock and leaves the file: the session is now dead and a cleanup pass reaps it.
  void abandon() { m_fd.reset(); }

private:
  const admission::StateDir* m_dir;
  std::string m_id;
  admission::UniqueFd m_fd;
};

/// Whether `name` can be a session id: 1 to 64 of [A-Za-z0-9_.-], starting with a letter or digit.
bool valid_session_id(std::string_view name);

/// A fresh id: "sd-UNIXSECONDS-PID".
std::string new_session_id();

/// Starts session `record.id`: a new file is created already locked and appears under its name
/// only if no file has it (a new file never appears unlocked), or the file of a dead session of
/// that id is taken over (locked, then checked to be still the file of that name). Of several
/// concurrent starts of one id exactly one succeeds. Throws AdmissionError when a live session
/// holds the id, or the file cannot be made.
SessionLease start_session(const admission::StateDir& dir, const SessionRecord& record);

/// Every session the directory knows, live or dead, by id.
std::map<std::string, SessionState, std::less<>> list_sessions(const admission::StateDir& dir);

/// Removes the file of dead session `id` (only if it is still dead: checked under its lock).
/// Returns whether it was removed.
bool forget_dead_session(const admission::StateDir& dir, std::string_view id);

} // namespace sd::housekeeping
