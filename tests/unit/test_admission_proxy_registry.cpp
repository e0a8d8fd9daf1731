#include "admission/daemon_key.hpp"
#include "admission/proxy_registry.hpp"
#include "admission/slots.hpp"
#include "run/inherited_slot.hpp"
#include "test_admission_support.hpp"
#include "test_roles.hpp"
#include "util/child_process.hpp"
#include "util/process_identity.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

// The registry and the claims cross processes: the other process is a role of the test binary
// (test_roles.hpp), so these run on Windows too.

using namespace sd::admission;
using sd::admission::testing::TempDir;

namespace {

// A guard that dies without cleaning up: registers and exits, never destroying its registration.
SD_TEST_ROLE("leaked-registration", [](const std::vector<std::string>& args) -> int {
  const auto root = StateDir::open(args.at(0), Sharing::per_user);
  new ProxyRegistration(root, "unix:/tmp/guard.sock", "unix:/run/docker.sock"); // never destroyed
  std::_Exit(0); // as a killed guard would: no exit handlers (a leak checker would call it a leak)
});

// A client asking about itself, as the guard asks about a client, while its parent (pid ARGS[1])
// holds slot 0: exit 0 when only the true claim counts.
SD_TEST_ROLE("claims", [](const std::vector<std::string>& args) {
  const auto dir = StateDir::open(args.at(0), Sharing::per_user);
  const auto& parent = args.at(1);
  const auto me = sd::util::own_pid();
  const bool own = sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/0/" + parent, me);
  const bool other_dir = sd::run::claims_hold(dir, "daemon.y", 1, "daemon.x/0/" + parent, me);
  const bool other_slot = sd::run::claims_hold(dir, "daemon.x", 2, "daemon.x/1/" + parent, me);
  const bool not_ancestor = sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/0/1", me);
  const bool garbage = sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/zero/" + parent, me);
  return own && !other_dir && !other_slot && !not_ancestor && !garbage ? 0 : 1;
});

int
run_to_end(const std::string& role, const std::vector<std::string>& args)
{
  const auto child = sd::testing::start_role(role, args);
  REQUIRE(child.pid > 0);
  return sd::util::wait_child(child.pid);
}

} // namespace

TEST_CASE("proxy registry: a live guard's socket names its daemon; a dead guard's file is ignored")
{
  TempDir temp;
  const auto root = StateDir::open(temp.path(), Sharing::per_user);
  CHECK_FALSE(proxied_daemon(root, daemon_dir_name("unix:/run/user/1000/safedocker.sock")));
  {
    const ProxyRegistration registration(root, "unix:/run/user/1000/safedocker.sock", "unix:/run/docker.sock");
    CHECK(proxied_daemon(root, daemon_dir_name("unix:/run/user/1000/safedocker.sock"))
          == std::optional<std::string>("unix:/run/docker.sock"));
    CHECK_FALSE(proxied_daemon(root, daemon_dir_name("unix:/run/docker.sock"))); // the daemon itself is no guard
  }
  CHECK_FALSE(
    proxied_daemon(root, daemon_dir_name("unix:/run/user/1000/safedocker.sock"))); // removed when the guard stops

  SUBCASE("a guard killed without cleaning up leaves a file nobody holds: ignored")
  {
    CHECK(run_to_end("leaked-registration", {temp.path()}) == 0);
    CHECK(root.list().size() == 1); // its file is still there
    CHECK_FALSE(proxied_daemon(root, daemon_dir_name("unix:/tmp/guard.sock")));
  }
}

TEST_CASE("peer claims: a client's SAFEDOCKER_SLOT counts only when the holder holds the slot and is its ancestor")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  const auto wait = acquire_slot(dir, {1, std::chrono::milliseconds(0), "docker run", {}});
  REQUIRE(wait.lease.held());
  const auto me = std::to_string(sd::util::own_pid());
  CHECK(run_to_end("claims", {temp.path(), me}) == 0);
  // Asked about a process that is not its descendant, the holder's claim does not count.
  CHECK_FALSE(sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/0/" + me, 1));
}
