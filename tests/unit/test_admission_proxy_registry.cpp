#include "admission/daemon_key.hpp"
#include "admission/proxy_registry.hpp"
#include "admission/slots.hpp"
#include "run/inherited_slot.hpp"
#include "test_admission_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <sys/wait.h>
#include <unistd.h>

using namespace sd::admission;
using sd::admission::testing::TempDir;

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
    const pid_t child = ::fork();
    if (child == 0) {
      new ProxyRegistration(root, "unix:/tmp/guard.sock", "unix:/run/docker.sock"); // never destroyed
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
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
  const auto me = std::to_string(::getpid());
  const pid_t child = ::fork();
  if (child == 0) {
    // The child asks about itself, as the guard asks about a client: its parent holds slot 0.
    const bool own = sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/0/" + me, ::getpid());
    const bool other_dir = sd::run::claims_hold(dir, "daemon.y", 1, "daemon.x/0/" + me, ::getpid());
    const bool other_slot = sd::run::claims_hold(dir, "daemon.x", 2, "daemon.x/1/" + me, ::getpid());
    const bool not_ancestor = sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/0/1", ::getpid());
    const bool garbage = sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/zero/" + me, ::getpid());
    ::_exit(own && !other_dir && !other_slot && !not_ancestor && !garbage ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // Asked about a process that is not its descendant, the holder's claim does not count.
  CHECK_FALSE(sd::run::claims_hold(dir, "daemon.x", 1, "daemon.x/0/" + me, 1));
}
