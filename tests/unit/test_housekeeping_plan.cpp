#include "housekeeping/cleanup_plan.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sd::housekeeping;

namespace {

constexpr double k_now = 1'800'000'000;
constexpr double k_hour = 3600;

ContainerInfo
container(std::string id, std::string state, double created_ago, Labels labels = {})
{
  ContainerInfo c;
  c.id = id;
  c.name = "n-" + id;
  c.state = std::move(state);
  c.created = k_now - created_ago;
  c.finished = c.state == "exited" ? c.created + 1 : 0;
  c.labels = std::move(labels);
  c.image_id = "sha256:used";
  c.size_rw = 100;
  return c;
}

ImageInfo
dangling(std::string id, double created_ago)
{
  ImageInfo image;
  image.id = "sha256:" + id;
  image.created = k_now - created_ago;
  image.size = 1000;
  return image;
}

std::vector<std::string>
ids(const Plan& plan)
{
  std::vector<std::string> out;
  for (const auto& removal : plan.removals) {
    out.push_back(removal.id);
  }
  return out;
}

std::string
kept_reason(const Plan& plan, const std::string& id)
{
  for (const auto& kept : plan.kept) {
    if (kept.id == id) {
      return kept.reason;
    }
  }
  return "(not kept)";
}

CleanupPolicy
day_policy()
{
  CleanupPolicy policy;
  policy.min_age_seconds = 24 * k_hour;
  policy.image_min_age_seconds = 24 * k_hour;
  return policy;
}

Plan
plan(const Inventory& inventory, const std::map<std::string, SessionState, std::less<>>& sessions = {},
     const CleanupPolicy& policy = day_policy(), const Scope& scope = {}, const ImageLastUse& last_use = {})
{
  return plan_cleanup(inventory, sessions, policy, scope, last_use, k_now - 1, k_now);
}

} // namespace

TEST_CASE("plan: old stopped containers go; young, running and paused ones stay")
{
  Inventory inventory;
  inventory.containers = {
    container("old-exited", "exited", 30 * k_hour), container("old-created", "created", 30 * k_hour),
    container("old-dead", "dead", 30 * k_hour),     container("young", "exited", 2 * k_hour),
    container("running", "running", 90 * k_hour),   container("paused", "paused", 90 * k_hour)};
  const auto result = plan(inventory);
  CHECK(ids(result) == std::vector<std::string>{"old-exited", "old-created", "old-dead"});
  CHECK(kept_reason(result, "young").find("younger than cleanup.min_age") != std::string::npos);
  CHECK(kept_reason(result, "running") == "running");
  CHECK(kept_reason(result, "paused") == "paused");
  CHECK(std::none_of(result.removals.begin(), result.removals.end(), [](const Removal& r) { return r.stop_first; }));
}

TEST_CASE("plan: age counts from the later of creation and finish")
{
  Inventory inventory;
  auto c = container("long-run", "exited", 90 * k_hour);
  c.finished = k_now - k_hour; // ran for days, stopped an hour ago
  inventory.containers = {c};
  CHECK(ids(plan(inventory)).empty());
}

TEST_CASE("plan: nothing created after the pass began is removed, even in a dead session")
{
  Inventory inventory;
  auto late = container("late", "exited", 0, {{"safedocker.session", "s1"}});
  late.created = k_now - 0.5; // pass began at k_now - 1
  inventory.containers = {late};
  const auto result = plan(inventory, {{"s1", {false, false}}});
  CHECK(ids(result).empty());
  CHECK(kept_reason(result, "late") == "created after the pass began");
}

TEST_CASE("plan: keep label and keep_names globs protect")
{
  Inventory inventory;
  inventory.containers = {container("a", "exited", 90 * k_hour, {{"safedocker.keep", "1"}}),
                          container("b", "exited", 90 * k_hour, {{"safedocker.keep", "false"}}),
                          container("c", "exited", 90 * k_hour)};
  inventory.containers[2].name = "db-fixture-3";
  auto policy = day_policy();
  policy.keep_names = {"web-*", "db-fixture-?"};
  const auto result = plan(inventory, {}, policy);
  CHECK(ids(result) == std::vector<std::string>{"b"});
  CHECK(kept_reason(result, "a") == "labelled safedocker.keep");
  CHECK(kept_reason(result, "c").find("db-fixture-?") != std::string::npos);
}

TEST_CASE("plan: a live session's containers stay whatever their age; a dead one's go, running ones stopped first")
{
  Inventory inventory;
  inventory.containers = {container("live-exited", "exited", 90 * k_hour, {{"safedocker.session", "live"}}),
                          container("live-running", "running", 90 * k_hour, {{"safedocker.session", "live"}}),
                          container("dead-exited", "exited", 60, {{"safedocker.session", "dead"}}),
                          container("dead-running", "running", 60, {{"safedocker.session", "dead"}}),
                          container("dead-paused", "paused", 60, {{"safedocker.session", "dead"}})};
  const auto result = plan(inventory, {{"live", {true, false}}, {"dead", {false, false}}});
  CHECK(ids(result) == std::vector<std::string>{"dead-running", "dead-exited"});
  CHECK(result.removals[0].stop_first);
  CHECK_FALSE(result.removals[1].stop_first);
  CHECK(result.removals[0].session == "dead");
  CHECK(kept_reason(result, "live-exited") == "in live session live");
  CHECK(kept_reason(result, "dead-paused").find("paused") != std::string::npos);
  CHECK(result.dead_sessions == std::set<std::string>{"dead"});
}

TEST_CASE("plan: a session the state directory does not know is an ordinary label")
{
  Inventory inventory;
  inventory.containers = {container("kept-session-old", "exited", 90 * k_hour, {{"safedocker.session", "gone"}}),
                          container("kept-session-running", "running", 90 * k_hour, {{"safedocker.session", "gone"}})};
  CHECK(ids(plan(inventory)) == std::vector<std::string>{"kept-session-old"});
}

TEST_CASE("plan: when sessions cannot be read, everything made in a session is kept")
{
  Inventory inventory;
  inventory.containers = {container("in-session", "exited", 90 * k_hour, {{"safedocker.session", "any"}}),
                          container("plain", "exited", 90 * k_hour)};
  Scope scope;
  scope.sessions_unknown = true;
  const auto result = plan(inventory, {}, day_policy(), scope);
  CHECK(ids(result) == std::vector<std::string>{"plain"});
  CHECK(kept_reason(result, "in-session") == "in live session any");
  REQUIRE(result.notes.size() == 1);
  CHECK(result.notes[0].find("limits.lock_dir") != std::string::npos);
}

TEST_CASE("plan: a session teardown takes all of that session and nothing else")
{
  Inventory inventory;
  inventory.containers = {container("mine-running", "running", 10, {{"safedocker.session", "me"}}),
                          container("mine-exited", "exited", 10, {{"safedocker.session", "me"}}),
                          container("other", "exited", 90 * k_hour, {{"safedocker.session", "you"}}),
                          container("plain", "exited", 90 * k_hour)};
  inventory.networks = {{"net-me", "me-net", k_now - 10, {{"safedocker.session", "me"}}},
                        {"net-you", "you-net", k_now - 10, {{"safedocker.session", "you"}}}};
  inventory.volumes = {{"vol-me", k_now - 10, {{"safedocker.session", "me"}}}};
  inventory.images = {dangling("old", 90 * k_hour)};
  Scope scope;
  scope.session = "me";
  auto result = plan(inventory, {}, day_policy(), scope);
  CHECK(ids(result) == std::vector<std::string>{"mine-running", "mine-exited", "net-me"});
  CHECK(kept_reason(result, "vol-me") == "named volume: no --volumes");
  scope.session_volumes = true;
  result = plan(inventory, {}, day_policy(), scope);
  CHECK(ids(result) == std::vector<std::string>{"mine-running", "mine-exited", "net-me", "vol-me"});
}

TEST_CASE("plan: session networks go when their session is dead and no remaining container uses them")
{
  Inventory inventory;
  auto user = container("user", "running", 10);
  user.networks = {"net-busy"};
  auto leaving = container("leaving", "exited", 10, {{"safedocker.session", "dead"}});
  leaving.networks = {"net-freed"};
  inventory.containers = {user, leaving};
  inventory.networks = {{"net-busy", "busy", k_now - 100, {{"safedocker.session", "dead"}}},
                        {"net-freed", "freed", k_now - 100, {{"safedocker.session", "dead"}}},
                        {"net-live", "live", k_now - 100, {{"safedocker.session", "live"}}},
                        {"net-plain", "plain", k_now - 100, {}}};
  const auto result = plan(inventory, {{"dead", {false, false}}, {"live", {true, false}}});
  CHECK(ids(result) == std::vector<std::string>{"leaving", "net-freed"});
  CHECK(kept_reason(result, "net-busy") == "used by container n-user");
  CHECK(kept_reason(result, "net-live") == "in live session live");
}

TEST_CASE("plan: named volumes are never removed unless remove_volumes allows it for a --volumes session")
{
  Inventory inventory;
  inventory.volumes = {{"data", k_now - 90 * k_hour, {}},
                       {"dead-plain", k_now - 90 * k_hour, {{"safedocker.session", "dead-plain"}}},
                       {"dead-vols", k_now - 90 * k_hour, {{"safedocker.session", "dead-vols"}}}};
  const std::map<std::string, SessionState, std::less<>> sessions = {{"dead-plain", {false, false}},
                                                                     {"dead-vols", {false, true}}};
  auto policy = day_policy();
  CHECK(ids(plan(inventory, sessions, policy)).empty());
  policy.remove_volumes = CleanupPolicy::Volumes::sessions;
  const auto result = plan(inventory, sessions, policy);
  CHECK(ids(result) == std::vector<std::string>{"dead-vols"});
  CHECK(kept_reason(result, "dead-plain").find("cleanup.remove_volumes") != std::string::npos);
}

TEST_CASE("plan: dangling images by age and least recent use; in use stays; freed by this pass go last")
{
  Inventory inventory;
  auto c1 = container("keeps-image", "running", 90 * k_hour);
  c1.image_id = "sha256:in-use";
  auto c2 = container("frees-image", "exited", 90 * k_hour);
  c2.image_id = "sha256:freed";
  inventory.containers = {c1, c2};
  inventory.images = {
    dangling("young", k_hour),           dangling("recent-use", 90 * k_hour), dangling("used-long-ago", 90 * k_hour),
    dangling("never-used", 80 * k_hour), dangling("in-use", 90 * k_hour),     dangling("freed", 90 * k_hour)};
  ImageInfo tagged = dangling("tagged", 90 * k_hour);
  tagged.tags = {"app:1"};
  inventory.images.push_back(tagged);
  const ImageLastUse uses = {{"sha256:recent-use", k_now - k_hour}, {"sha256:used-long-ago", k_now - 70 * k_hour}};
  const auto result = plan(inventory, {}, day_policy(), {}, uses);
  // used-long-ago: last use 70h ago; never-used: created 80h ago (older); freed goes last.
  CHECK(ids(result)
        == std::vector<std::string>{"frees-image", "sha256:never-used", "sha256:used-long-ago", "sha256:freed"});
  CHECK(kept_reason(result, "sha256:young").find("cleanup.image_min_age") != std::string::npos);
  CHECK(kept_reason(result, "sha256:recent-use").find("used 60m ago") == 0);
  CHECK(kept_reason(result, "sha256:in-use") == "used by container n-keeps-image");
  CHECK(kept_reason(result, "sha256:tagged") == "(not kept)"); // tagged images are not candidates
}

TEST_CASE("plan: the build cache above its limit is a note, never a removal")
{
  Inventory inventory;
  inventory.build_cache_bytes = 2000;
  auto policy = day_policy();
  policy.build_cache_max_bytes = 1000;
  auto result = plan(inventory, {}, policy);
  CHECK(result.removals.empty());
  REQUIRE(result.notes.size() == 1);
  CHECK(result.notes[0].find("docker builder prune --keep-storage 1000") != std::string::npos);
  policy.build_cache_max_bytes = 0;
  CHECK(plan(inventory, {}, policy).notes.empty());
}

TEST_CASE("plan: a dead session whose objects are kept is held, so a later pass still knows them as its")
{
  Inventory inventory;
  inventory.containers = {
    container("gone", "exited", 2 * k_hour, {{"safedocker.session", "s-done"}}),
    container("kept", "running", 2 * k_hour, {{"safedocker.session", "s-keep"}, {"safedocker.keep", "1"}}),
    container("paused", "paused", 2 * k_hour, {{"safedocker.session", "s-paused"}}),
    container("late", "running", -10, {{"safedocker.session", "s-late"}}),
    container("live", "running", 2 * k_hour, {{"safedocker.session", "s-live"}})};
  NetworkInfo net{"net1", "s-net-net", k_now - 2 * k_hour, {{"safedocker.session", "s-net"}}};
  inventory.networks = {net};
  inventory.containers.push_back(container("user", "running", 2 * k_hour));
  inventory.containers.back().networks = {"net1"};
  VolumeInfo volume{"vol1", k_now - 2 * k_hour, {{"safedocker.session", "s-done"}}};
  inventory.volumes = {volume};
  const std::map<std::string, SessionState, std::less<>> sessions = {
    {"s-done", {}}, {"s-keep", {}}, {"s-paused", {}}, {"s-late", {}}, {"s-net", {}}, {"s-live", {true, false}}};
  const auto result = plan(inventory, sessions);
  CHECK(ids(result) == std::vector<std::string>{"gone"});
  CHECK(kept_reason(result, "kept") == "labelled safedocker.keep");
  CHECK(kept_reason(result, "paused") == "state paused: left alone");
  CHECK(kept_reason(result, "late") == "created after the pass began");
  CHECK(kept_reason(result, "net1") == "used by container n-user");
  // A named volume the policy never removes does not hold its session: forgetting changes nothing for it.
  CHECK(kept_reason(result, "vol1") == "named volume: cleanup.remove_volumes does not allow it");
  CHECK(result.sessions_held == std::set<std::string>{"s-keep", "s-late", "s-net", "s-paused"});
  // The teardown of a session holds it the same way.
  Scope teardown;
  teardown.session = "s-keep";
  CHECK(plan(inventory, sessions, day_policy(), teardown).sessions_held == std::set<std::string>{"s-keep"});
  teardown.session = "s-done";
  CHECK(plan(inventory, sessions, day_policy(), teardown).sessions_held.empty());
}
