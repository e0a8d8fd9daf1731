#pragma once

#include "housekeeping/inventory.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

// The decision of what a cleanup pass removes: a pure function of the inventory, the sessions,
// the policy and the time. Nothing here talks to docker, so every rule is tested with data.

namespace sd::housekeeping {

/// A test session as the state directory knows it.
struct SessionState
{
  bool live = false;    ///< its owner holds the lock
  bool volumes = false; ///< started with --volumes
};

/// cleanup.* settings, parsed.
struct CleanupPolicy
{
  double min_age_seconds = 86400;       ///< exited/created/dead containers older than this go
  double image_min_age_seconds = 86400; ///< dangling images older (and unused for longer) go
  std::vector<std::string> keep_names;  ///< globs on container, network and volume names
  int stop_grace_seconds = 10;
  enum class Volumes : std::uint8_t { never, sessions } remove_volumes = Volumes::never;
  std::int64_t build_cache_max_bytes = 0; ///< 0: the build cache is not looked at
};

/// What the plan covers.
struct Scope
{
  /// Empty: a whole pass. Otherwise: the teardown of this one session (everything it labelled,
  /// whatever its age; no images).
  std::string session;
  bool session_volumes = false; ///< teardown: its volumes too (--volumes)
  /// A whole pass that could not read the sessions (no usable lock directory): everything made
  /// in a session is kept, as if its session were live.
  bool sessions_unknown = false;
};

enum class ObjectKind : std::uint8_t { container, image, network, volume };
std::string_view kind_name(ObjectKind kind);

/// One object the pass removes, in order.
struct Removal
{
  ObjectKind kind = ObjectKind::container;
  std::string id;          ///< container/image/network id, volume name
  std::string name;        ///< container/network/volume name, image tag or short id
  std::string reason;      ///< why it goes
  std::string session;     ///< the session that made it, or empty
  bool stop_first = false; ///< a running container: `docker stop -t GRACE` before `docker rm`
  std::int64_t bytes = 0;  ///< space it frees, as docker reports it (0 when unknown)
};

/// One object looked at and left alone, with the reason (for --json and tests).
struct Kept
{
  ObjectKind kind = ObjectKind::container;
  std::string id;
  std::string name;
  std::string reason;
};

struct Plan
{
  std::vector<Removal> removals; ///< containers, then networks, volumes, images (LRU first)
  std::vector<Kept> kept;
  std::vector<std::string> notes;
  std::set<std::string> dead_sessions; ///< sessions reaped by this plan
  /// Ended sessions (dead, or the scope's) that made objects this plan keeps (a keep label or
  /// name, created after the pass began, paused, still in use): their files must stay, so that
  /// a later pass still knows those objects as an ended session's.
  std::set<std::string> sessions_held;
};

/// When each image was last used (unix seconds), by image id; from the audit log.
using ImageLastUse = std::map<std::string, double, std::less<>>;

/// Decides what a pass started at `pass_start` removes, at time `now`. Rules, in order:
///  1. nothing created at or after `pass_start` is removed;
///  2. keep: label safedocker.keep (any value but "false"/"0") or a name matching keep_names;
///  3. containers of a live session stay; of a dead session (or the scope's session) they go,
///     running ones stopped first;
///  4. other containers go when exited, dead or created and older than min_age (age from the
///     later of creation and finish); running, paused and restarting ones are never touched;
///  5. networks and volumes labelled by a session go when that session is dead (or the scope's)
///     and no remaining container uses them; volumes only when remove_volumes allows
///     (sessions: the dead session was started with --volumes) or the scope asks for them;
///  6. dangling images older than image_min_age and not used for that long go, unless a
///     remaining container uses them; least recently used first, those whose containers this
///     pass removes last.
Plan plan_cleanup(const Inventory& inventory, const std::map<std::string, SessionState, std::less<>>& sessions,
                  const CleanupPolicy& policy, const Scope& scope, const ImageLastUse& last_use, double pass_start,
                  double now);

/// Whether `name` matches the shell glob `pattern` (fnmatch, no special slash handling).
bool glob_matches(const std::string& pattern, const std::string& name);

} // namespace sd::housekeeping
