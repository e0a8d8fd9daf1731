#include "admission/change_waiter.hpp"
#include "admission/slots.hpp"
#include "admission/state_dir.hpp"
#include "test_admission_support.hpp"
#include "test_roles.hpp"
#include "util/child_process.hpp"
#include "util/file_reading.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

// What wakes a queued waiter (change_waiter.hpp), on every platform: where changes are watched
// (Linux, Windows) a wait ends on the change it follows and on nothing else; elsewhere it is a
// short sleep. A wait that nothing ends lasts its whole timeout, 30 s: the checks below tell a
// wake from a timeout, they do not time the wake.

using namespace sd;
using namespace sd::admission;
using namespace std::chrono_literals;

namespace {

constexpr auto k_long = 30s;

SlotWait
take_only_slot(const StateDir& dir, std::chrono::milliseconds timeout)
{
  SlotRequest request;
  request.slots = 1;
  request.timeout = timeout;
  request.command = "docker ps";
  return acquire_slot(dir, request);
}

// Waits on `waiter`; whether the wait ended before its timeout.
bool
woken(ChangeWaiter& waiter)
{
  const auto start = std::chrono::steady_clock::now();
  waiter.wait(std::chrono::duration_cast<std::chrono::milliseconds>(k_long));
  return std::chrono::steady_clock::now() - start < k_long / 2;
}

// A caller queued behind the only slot: says "queued" once its waiter file exists, then exits
// 0 once it got the slot (3 when it did not).
SD_TEST_ROLE("slot-queuer", [](const std::vector<std::string>& args) {
  const auto dir = StateDir::open(args.at(0), Sharing::per_user);
  SlotRequest request;
  request.slots = 1;
  request.timeout = 120s;
  request.command = "docker ps";
  bool said = false;
  request.progress = [&said](std::chrono::milliseconds, int) {
    if (!said) {
      std::puts("queued");
      std::fflush(stdout);
      said = true;
    }
  };
  return acquire_slot(dir, request).lease.held() ? 0 : 3;
});

// Starts role `role` on `state` and returns it once it said `said` on its first line.
util::StartedChild
start_role_said(const std::string& role, const std::string& state, std::string_view said)
{
  auto child = sd::testing::start_role(role, {state}, util::ChildStream::pipe);
  REQUIRE(child.pid > 0);
  std::string line;
  char c = 0;
  while (line.find('\n') == std::string::npos && sd::testing::read_some(child.out_fd, &c)) {
    line += c;
  }
  REQUIRE(line.starts_with(said));
  return child;
}

// The name of the one waiter file in `dir`.
std::string
waiter_file(const StateDir& dir)
{
  for (const auto& name : dir.list()) {
    if (name.starts_with("waiter.") && !name.ends_with(".tmp")) {
      return name;
    }
  }
  return {};
}

// Checks that a wait on `waiter`, of 300 ms, lasts them: nothing it follows changed.
void
check_still(ChangeWaiter& waiter)
{
  if (waiter.watching()) {
    const auto start = std::chrono::steady_clock::now();
    waiter.wait(300ms);
    CHECK(std::chrono::steady_clock::now() - start >= 250ms);
  }
}

} // namespace

TEST_CASE("a waiting head wakes when a slot is released, and not before")
{
  admission::testing::TempDir temp;
  const auto dir = StateDir::open(temp / "state", Sharing::per_user);
  auto held = take_only_slot(dir, 0ms);
  REQUIRE(held.lease.held());
  ChangeWaiter waiter;
  REQUIRE(waiter.follow(dir, {"slot.0"}, FileChange::closed));
  check_still(waiter);
  held.lease.release();
  CHECK(woken(waiter));
}

TEST_CASE("a waiting head wakes when a holder dies holding its slot")
{
  admission::testing::TempDir temp;
  const std::string state = temp / "state";
  const auto dir = StateDir::open(state, Sharing::per_user);
  // slot-holder (test_admission_slot_race.cpp) takes slot.0 and sleeps.
  auto holder = start_role_said("slot-holder", state, "held");
  ChangeWaiter waiter;
  REQUIRE(waiter.follow(dir, {"slot.0"}, FileChange::closed));
  check_still(waiter);
  sd::testing::kill_process(holder.pid);
  util::wait_child(holder.pid);
  util::close_file(holder.out_fd);
  CHECK(woken(waiter));
  CHECK(take_only_slot(dir, 0ms).lease.held());
}

TEST_CASE("a waiter wakes when the waiter ahead leaves the queue, or dies in it")
{
  admission::testing::TempDir temp;
  const std::string state = temp / "state";
  const auto dir = StateDir::open(state, Sharing::per_user);
  auto held = take_only_slot(dir, 0ms);
  REQUIRE(held.lease.held());
  auto queuer = start_role_said("slot-queuer", state, "queued");
  const auto ahead = waiter_file(dir);
  REQUIRE_FALSE(ahead.empty());
  ChangeWaiter waiter;
  REQUIRE(waiter.follow(dir, {ahead}, FileChange::left));
  check_still(waiter);

  SUBCASE("it leaves with the slot")
  {
    held.lease.release();
    CHECK(woken(waiter));
    CHECK(util::wait_child(queuer.pid) == 0);
  }
  SUBCASE("it dies waiting")
  {
    sd::testing::kill_process(queuer.pid);
    util::wait_child(queuer.pid);
    CHECK(woken(waiter));
  }
  util::close_file(queuer.out_fd);
}
