#include "housekeeping/cleanup_plan.hpp"

#include "util/bad_enum.hpp"
#include "util/glob.hpp"

#include <algorithm>

namespace sd::housekeeping {

namespace {

std::string
age_text(double seconds)
{
  const auto s = static_cast<long long>(std::max(0.0, seconds));
  if (s >= 172800) {
    return std::to_string(s / 86400) + "d";
  }
  if (s >= 7200) {
    return std::to_string(s / 3600) + "h";
  }
  if (s >= 120) {
    return std::to_string(s / 60) + "m";
  }
  return std::to_string(s) + "s";
}

bool
keep_labelled(const Labels& labels)
{
  const auto* value = label(labels, k_keep_label);
  return value != nullptr && *value != "false" && *value != "0";
}

std::string
short_id(std::string_view id)
{
  if (id.starts_with("sha256:")) {
    id.remove_prefix(7);
  }
  return std::string(id.substr(0, 12));
}

class Planner
{
public:
  Planner(const Inventory& inventory, const std::map<std::string, SessionState, std::less<>>& sessions,
          const CleanupPolicy& policy, const Scope& scope, double pass_start, double now)
    : m_inventory(inventory),
      m_sessions(sessions),
      m_policy(policy),
      m_scope(scope),
      m_pass_start(pass_start),
      m_now(now)
  {}

  void containers();
  void networks();
  void volumes();
  void images(const ImageLastUse& last_use);
  Plan take() { return std::move(m_plan); }

private:
  // The session that made an object and whether this plan reaps it: the scope's session, or a
  // dead one. Empty session: not made in a session (or in one the state directory does not know).
  enum class SessionFate : std::uint8_t { none, live, reaped, other };
  SessionFate fate(const Labels& labels, std::string& session) const;
  bool kept_by_name(ObjectKind kind, const std::string& id, const std::string& name);
  bool kept_common(ObjectKind kind, const std::string& id, const std::string& name, const Labels& labels,
                   double created);
  void keep(ObjectKind kind, const std::string& id, const std::string& name, std::string reason)
  {
    m_plan.kept.push_back({kind, id, name, std::move(reason)});
  }
  // An object of an ended session is kept: the session's file must stay.
  void hold(SessionFate session_fate, const std::string& session)
  {
    if (session_fate == SessionFate::reaped) {
      m_plan.sessions_held.insert(session);
    }
  }

  const Inventory& m_inventory;
  const std::map<std::string, SessionState, std::less<>>& m_sessions;
  const CleanupPolicy& m_policy;
  const Scope& m_scope;
  double m_pass_start;
  double m_now;
  Plan m_plan;
  std::set<std::string, std::less<>> m_removed_containers;
};

Planner::SessionFate
Planner::fate(const Labels& labels, std::string& session) const
{
  const auto* value = label(labels, k_session_label);
  session = value != nullptr ? *value : std::string();
  if (session.empty()) {
    return SessionFate::none;
  }
  if (!m_scope.session.empty()) {
    return session == m_scope.session ? SessionFate::reaped : SessionFate::other;
  }
  if (m_scope.sessions_unknown) {
    return SessionFate::live;
  }
  const auto it = m_sessions.find(session);
  if (it == m_sessions.end()) {
    return SessionFate::none; // ended with --keep, or from before the state directory: ordinary
  }
  return it->second.live ? SessionFate::live : SessionFate::reaped;
}

bool
Planner::kept_by_name(ObjectKind kind, const std::string& id, const std::string& name)
{
  for (const auto& pattern : m_policy.keep_names) {
    if (!name.empty() && util::glob_matches(pattern, name)) {
      keep(kind, id, name, "name matches cleanup.keep_names pattern '" + pattern + "'");
      return true;
    }
  }
  return false;
}

bool
Planner::kept_common(ObjectKind kind, const std::string& id, const std::string& name, const Labels& labels,
                     double created)
{
  if (created >= m_pass_start) {
    keep(kind, id, name, "created after the pass began");
    return true;
  }
  if (keep_labelled(labels)) {
    keep(kind, id, name, "labelled safedocker.keep");
    return true;
  }
  return kept_by_name(kind, id, name);
}

void
Planner::containers()
{
  for (const auto& c : m_inventory.containers) {
    std::string session;
    const auto session_fate = fate(c.labels, session);
    if (!m_scope.session.empty() && session_fate != SessionFate::reaped) {
      continue; // a teardown looks at its own session only
    }
    if (kept_common(ObjectKind::container, c.id, c.name, c.labels, c.created)) {
      hold(session_fate, session);
      continue;
    }
    Removal removal{ObjectKind::container, c.id, c.name, {}, session, false, c.size_rw};
    const bool stopped = c.state == "exited" || c.state == "created" || c.state == "dead";
    if (session_fate == SessionFate::live) {
      keep(ObjectKind::container, c.id, c.name, "in live session " + session);
      continue;
    }
    if (session_fate == SessionFate::reaped) {
      if (!stopped && c.state != "running") {
        keep(ObjectKind::container, c.id, c.name, "state " + c.state + ": left alone");
        hold(session_fate, session);
        continue;
      }
      removal.stop_first = c.state == "running";
      removal.reason = (m_scope.session.empty() ? "dead session " : "session ") + session + " ended";
      m_plan.dead_sessions.insert(session);
    } else {
      if (!stopped) {
        keep(ObjectKind::container, c.id, c.name, c.state);
        continue;
      }
      const double age = m_now - std::max(c.created, c.finished);
      if (age < m_policy.min_age_seconds) {
        keep(ObjectKind::container, c.id, c.name, c.state + " " + age_text(age) + " ago, younger than cleanup.min_age");
        continue;
      }
      removal.reason = c.state + " " + age_text(age) + " ago";
    }
    m_removed_containers.insert(c.id);
    // Running ones first: their stop takes the longest and frees what the others hold.
    m_plan.removals.push_back(std::move(removal));
  }
  std::stable_partition(m_plan.removals.begin(), m_plan.removals.end(), [](const Removal& r) { return r.stop_first; });
}

void
Planner::networks()
{
  for (const auto& network : m_inventory.networks) {
    std::string session;
    const auto session_fate = fate(network.labels, session);
    if (session_fate == SessionFate::none || session_fate == SessionFate::other) {
      continue; // only networks made in sessions are candidates
    }
    if (kept_common(ObjectKind::network, network.id, network.name, network.labels, network.created)) {
      hold(session_fate, session);
      continue;
    }
    if (session_fate == SessionFate::live) {
      keep(ObjectKind::network, network.id, network.name, "in live session " + session);
      continue;
    }
    const auto user =
      std::find_if(m_inventory.containers.begin(), m_inventory.containers.end(), [&](const ContainerInfo& c) {
        return !m_removed_containers.contains(c.id)
               && std::find_if(c.networks.begin(), c.networks.end(), [&](const std::string& n) {
                    return n == network.id || n == network.name;
                  }) != c.networks.end();
      });
    if (user != m_inventory.containers.end()) {
      keep(ObjectKind::network, network.id, network.name, "used by container " + user->name);
      hold(session_fate, session);
      continue;
    }
    m_plan.dead_sessions.insert(session);
    m_plan.removals.push_back({ObjectKind::network, network.id, network.name,
                               (m_scope.session.empty() ? "dead session " : "session ") + session + " ended", session,
                               false, 0});
  }
}

void
Planner::volumes()
{
  for (const auto& volume : m_inventory.volumes) {
    std::string session;
    const auto session_fate = fate(volume.labels, session);
    if (session_fate == SessionFate::none || session_fate == SessionFate::other) {
      continue; // named volumes not made in a session are never removed
    }
    if (kept_common(ObjectKind::volume, volume.name, volume.name, volume.labels, volume.created)) {
      hold(session_fate, session);
      continue;
    }
    if (session_fate == SessionFate::live) {
      keep(ObjectKind::volume, volume.name, volume.name, "in live session " + session);
      continue;
    }
    bool allowed = false;
    if (!m_scope.session.empty()) {
      allowed = m_scope.session_volumes;
    } else if (m_policy.remove_volumes == CleanupPolicy::Volumes::sessions) {
      const auto it = m_sessions.find(session);
      allowed = it != m_sessions.end() && it->second.volumes;
    }
    if (!allowed) {
      keep(ObjectKind::volume, volume.name, volume.name,
           m_scope.session.empty() ? "named volume: cleanup.remove_volumes does not allow it"
                                   : "named volume: no --volumes");
      continue;
    }
    const auto user =
      std::find_if(m_inventory.containers.begin(), m_inventory.containers.end(), [&](const ContainerInfo& c) {
        return !m_removed_containers.contains(c.id)
               && std::find(c.volumes.begin(), c.volumes.end(), volume.name) != c.volumes.end();
      });
    if (user != m_inventory.containers.end()) {
      keep(ObjectKind::volume, volume.name, volume.name, "used by container " + user->name);
      hold(session_fate, session);
      continue;
    }
    m_plan.removals.push_back(
      {ObjectKind::volume, volume.name, volume.name,
       (m_scope.session.empty() ? "dead session " : "session ") + session + " ended (started with --volumes)", session,
       false, 0});
  }
}

void
Planner::images(const ImageLastUse& last_use)
{
  if (!m_scope.session.empty()) {
    return;
  }
  struct Candidate
  {
    const ImageInfo* image;
    double last;
    bool used_by_removed;
  };
  std::vector<Candidate> candidates;
  for (const auto& image : m_inventory.images) {
    const auto name = image.dangling() ? short_id(image.id) : image.tags.front();
    if (!image.dangling()) {
      continue; // only dangling images are candidates
    }
    if (image.created >= m_pass_start) {
      keep(ObjectKind::image, image.id, name, "created after the pass began");
      continue;
    }
    if (keep_labelled(image.labels)) {
      keep(ObjectKind::image, image.id, name, "labelled safedocker.keep");
      continue;
    }
    const auto age = m_now - image.created;
    if (age < m_policy.image_min_age_seconds) {
      keep(ObjectKind::image, image.id, name, "created " + age_text(age) + " ago, younger than cleanup.image_min_age");
      continue;
    }
    const auto used = last_use.find(image.id);
    const double last = std::max(image.created, used != last_use.end() ? used->second : 0.0);
    if (m_now - last < m_policy.image_min_age_seconds) {
      keep(ObjectKind::image, image.id, name, "used " + age_text(m_now - last) + " ago, within cleanup.image_min_age");
      continue;
    }
    bool by_removed = false;
    const ContainerInfo* user = nullptr;
    for (const auto& c : m_inventory.containers) {
      if (c.image_id == image.id) {
        if (m_removed_containers.contains(c.id)) {
          by_removed = true;
        } else {
          user = &c;
          break;
        }
      }
    }
    if (user != nullptr) {
      keep(ObjectKind::image, image.id, name, "used by container " + user->name);
      continue;
    }
    candidates.push_back({&image, last, by_removed});
  }
  // Least recently used first; images whose containers this pass removes go last.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.used_by_removed != b.used_by_removed) {
      return !a.used_by_removed;
    }
    return a.last < b.last;
  });
  for (const auto& candidate : candidates) {
    const auto& image = *candidate.image;
    m_plan.removals.push_back({ObjectKind::image, image.id, short_id(image.id),
                               "dangling, last used " + age_text(m_now - candidate.last) + " ago", "", false,
                               image.size});
  }
}

} // namespace

std::string_view
kind_name(ObjectKind kind)
{
  switch (kind) {
  case ObjectKind::container:
    return "container";
  case ObjectKind::image:
    return "image";
  case ObjectKind::network:
    return "network";
  case ObjectKind::volume:
    return "volume";
  }
  util::bad_enum("ObjectKind", static_cast<long long>(kind));
}

Plan
plan_cleanup(const Inventory& inventory, const std::map<std::string, SessionState, std::less<>>& sessions,
             const CleanupPolicy& policy, const Scope& scope, const ImageLastUse& last_use, double pass_start,
             double now)
{
  Planner planner(inventory, sessions, policy, scope, pass_start, now);
  planner.containers();
  planner.networks();
  planner.volumes();
  planner.images(last_use);
  auto plan = planner.take();
  if (scope.session.empty() && scope.sessions_unknown) {
    plan.notes.emplace_back("the lock directory (limits.lock_dir) is unusable, so sessions cannot be told live or "
                            "dead: everything made in a session was kept");
  }
  if (scope.session.empty() && policy.build_cache_max_bytes > 0 && inventory.build_cache_bytes
      && *inventory.build_cache_bytes > policy.build_cache_max_bytes) {
    plan.notes.push_back("build cache is " + std::to_string(*inventory.build_cache_bytes)
                         + " bytes, above cleanup.max_build_cache_bytes ("
                         + std::to_string(policy.build_cache_max_bytes)
                         + "); not pruned: `docker builder prune` deletes only after a confirmation, and answering it "
                           "for you (-f or a piped \"y\") is the override the rules forbid; run `docker builder prune "
                           "--keep-storage "
                         + std::to_string(policy.build_cache_max_bytes) + "` and answer its prompt");
  }
  return plan;
}

} // namespace sd::housekeeping
