#include "admission/slots.hpp"
#include "admission/state_dir.hpp"
#include "test_admission_support.hpp"
#include "test_roles.hpp"
#include "util/child_process.hpp"
#include "util/file_reading.hpp"
#include "util/process_identity.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

// Processes racing for the slots and queueing for them, started as roles of the test binary
// (on every platform: on Windows this is where the named events and process handles of the
// waiters' wake-ups are held to account; test_admission_slots.cpp covers more on POSIX systems).

using namespace sd;
using namespace sd::admission;
using namespace std::chrono_literals;
using sd::testing::start_role;

namespace {

constexpr int k_slots = 3;

SlotWait
take_slot(const StateDir& dir, std::chrono::milliseconds timeout)
{
  SlotRequest request;
  request.slots = k_slots;
  request.timeout = timeout;
  request.command = "docker ps";
  return acquire_slot(dir, request);
}

// A caller: takes a slot, leaves a mark while it holds it, counts the marks (never more than
// the slots), and gives the slot back. Exit 0, 1 when it saw too many, 3 when it got none.
SD_TEST_ROLE("slot-caller", [](const std::vector<std::string>& args) {
  const auto dir = StateDir::open(args.at(0), Sharing::per_user);
  const auto marks = dir.open_child("marks");
  auto wait = take_slot(dir, 120s);
  if (!wait.lease.held()) {
    return 3;
  }
  const std::string mark = "held." + std::to_string(util::own_pid());
  {
    const auto fd = marks.open_file(mark, OpenFor::creating);
  }
  const auto seen = marks.list().size();
  std::this_thread::sleep_for(20ms);
  marks.remove(mark);
  wait.lease.release();
  return seen > static_cast<std::size_t>(k_slots) ? 1 : 0;
});

// A holder that never lets go: takes a slot, says so on stdout, and sleeps until killed.
SD_TEST_ROLE("slot-holder", [](const std::vector<std::string>& args) {
  const auto dir = StateDir::open(args.at(0), Sharing::per_user);
  auto wait = take_slot(dir, 120s);
  std::puts(wait.lease.held() ? "held" : "none");
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::hours(1));
  return 0;
});

// A holder that lets go when asked: takes the only slot, says "held", and releases it when its
// standard input closes.
SD_TEST_ROLE("slot-hold-until-eof", [](const std::vector<std::string>& args) {
  const auto dir = StateDir::open(args.at(0), Sharing::per_user);
  auto wait = acquire_slot(dir, {1, 20s, "docker build", {}});
  std::puts(wait.lease.held() ? "held" : "none");
  std::fflush(stdout);
  char c = 0;
  while (sd::testing::read_some(0, &c)) {
  }
  return wait.lease.held() ? 0 : 1;
});

// A queued caller: takes the only slot through the queue and, holding it, appends "K ticket T"
// to the file ORDER (so the lines are in the order the slot was held). Exit 0, 2 when it did
// not queue, 1 when it got no slot.
SD_TEST_ROLE("slot-in-order", [](const std::vector<std::string>& args) {
  const auto dir = StateDir::open(args.at(0), Sharing::per_user);
  const auto& k = args.at(2);
  auto wait = acquire_slot(dir, {1, 60s, "waiter " + k, {}});
  if (!wait.lease.held()) {
    return 1;
  }
  std::ofstream(args.at(1), std::ios::app) << k << " ticket " << wait.ticket << "\n";
  std::this_thread::sleep_for(5ms); // hold it a little: a later waiter must not get in meanwhile
  return wait.route == SlotRoute::queued ? 0 : 2;
});

// One of two processes handing the only slot back and forth ROUNDS times: takes it through the
// queue (the other holds it), waits until the other has queued behind it (but for SECOND's last
// round: the first is done), then releases. Says "NAME done", or what went wrong.
SD_TEST_ROLE("slot-alternate", [](const std::vector<std::string>& args) {
  const auto dir = StateDir::open(args.at(0), Sharing::per_user);
  const auto& name = args.at(1);
  const bool second = args.at(2) == "second";
  const int rounds = std::stoi(args.at(3));
  const auto say = [](const std::string& line, int status) {
    std::puts(line.c_str());
    std::fflush(stdout);
    return status;
  };
  for (int round = 0; round < rounds; ++round) {
    auto wait = acquire_slot(dir, {1, 30s, name, {}});
    if (!wait.lease.held()) {
      return say(name + " timed out in round " + std::to_string(round), 1);
    }
    const bool last_of_all = second && round == rounds - 1;
    if (!last_of_all && !admission::testing::eventually([&] { return count_waiters(dir) == 1; })) {
      return say(name + " saw nobody queue in round " + std::to_string(round), 2);
    }
  }
  return say(name + " done", 0);
});

// The first line `fd` gives, without its end ("\n", on Windows "\r\n").
std::string
read_line(int fd)
{
  std::string line;
  char c = 0;
  while (sd::testing::read_some(fd, &c) && c != '\n') {
    line += c;
  }
  if (line.ends_with('\r')) {
    line.pop_back();
  }
  return line;
}

// A slot-hold-until-eof holder of `state`, once it holds the slot.
util::StartedChild
start_holder(const std::string& state)
{
  auto holder = start_role("slot-hold-until-eof", {state}, util::ChildStream::pipe, util::ChildStream::pipe);
  REQUIRE(holder.pid > 0);
  REQUIRE(read_line(holder.out_fd) == "held");
  return holder;
}

// Lets the holder go and waits for it: its exit status.
int
release_holder(util::StartedChild& holder)
{
  util::close_file(holder.in_fd);
  util::close_file(holder.out_fd);
  return util::wait_child(holder.pid);
}

} // namespace

TEST_CASE("30 processes through 3 slots: never more than 3 at once, and a killed holder's slot comes back")
{
  admission::testing::TempDir temp;
  const std::string state = temp / "state";
  // A holder that will be killed while others wait behind it.
  auto holder = start_role("slot-holder", {state}, util::ChildStream::pipe);
  REQUIRE(holder.pid > 0);
  // Killed whatever happens: it would sleep for an hour holding the test runner's stderr.
  struct Reaper
  {
    int pid;
    ~Reaper() { sd::testing::kill_process(pid); }
  } reaper{holder.pid};
  std::string said;
  char c = 0;
  while (said.find('\n') == std::string::npos && sd::testing::read_some(holder.out_fd, &c)) {
    said += c;
  }
  REQUIRE(said.starts_with("held"));

  std::vector<int> callers;
  for (int i = 0; i < 30; ++i) {
    const auto caller = start_role("slot-caller", {state}, util::ChildStream::null);
    INFO("caller " << i << ": " << std::strerror(errno));
    REQUIRE(caller.pid > 0);
    callers.push_back(caller.pid);
  }
  sd::testing::kill_process(holder.pid);
  util::wait_child(holder.pid);
  util::close_file(holder.out_fd);

  int failed = 0;
  for (const int pid : callers) {
    failed += util::wait_child(pid) == 0 ? 0 : 1;
  }
  CHECK(failed == 0);

  // Every slot is free again, the killed holder's too: three takes without waiting all succeed.
  const auto dir = StateDir::open(state, Sharing::per_user);
  std::vector<SlotWait> taken;
  for (int i = 0; i < k_slots; ++i) {
    taken.push_back(take_slot(dir, 0ms));
    CHECK(taken.back().lease.held());
  }
  CHECK_FALSE(take_slot(dir, 0ms).lease.held());
}

TEST_CASE("slots: waiters are served in arrival order as the slot frees")
{
  admission::testing::TempDir temp;
  const std::string state = temp / "state";
  const std::string order = temp / "order";
  auto holder = start_holder(state);
  std::vector<int> waiters;
  for (int k = 0; k < 5; ++k) {
    const auto waiter = start_role("slot-in-order", {state, order, std::to_string(k)}, util::ChildStream::null);
    REQUIRE(waiter.pid > 0);
    waiters.push_back(waiter.pid);
    // The holder took the fast path, so waiter k holds ticket k. Let it queue before the next.
    REQUIRE(admission::testing::eventually([&] { return util::path_exists(state + "/waiter." + std::to_string(k)); }));
  }
  // A newcomer while the queue is full of waiters must not get in ahead of them.
  const auto dir = StateDir::open(state, Sharing::per_user);
  const auto newcomer = acquire_slot(dir, {1, 0ms, "newcomer", {}});
  CHECK_FALSE(newcomer.lease.held());
  CHECK(newcomer.waiters_ahead == 5);

  CHECK(release_holder(holder) == 0);
  for (const int pid : waiters) {
    CHECK(util::wait_child(pid) == 0);
  }
  std::ifstream lines(order);
  for (int k = 0; k < 5; ++k) {
    std::string line;
    std::getline(lines, line);
    CHECK(line == std::to_string(k) + " ticket " + std::to_string(k));
  }
}

TEST_CASE("slots: a waiter killed while queued does not block the queue")
{
  admission::testing::TempDir temp;
  const std::string state = temp / "state";
  auto holder = start_holder(state);
  const auto waiter = start_role("slot-in-order", {state, temp / "order", "0"}, util::ChildStream::null);
  REQUIRE(waiter.pid > 0);
  const std::string leftover = state + "/waiter.0";
  REQUIRE(admission::testing::eventually([&] { return util::path_exists(leftover); }));
  sd::testing::kill_process(waiter.pid);
  util::wait_child(waiter.pid);
  CHECK(util::path_exists(leftover)); // the leftover is still there…

  CHECK(release_holder(holder) == 0);
  const auto dir = StateDir::open(state, Sharing::per_user);
  CHECK(acquire_slot(dir, {1, 20s, "docker ps", {}}).lease.held()); // …but it is seen as dead
  CHECK_FALSE(util::path_exists(leftover));
}

// The slot goes back and forth between two processes 1,000 times, each queueing while the
// other holds it: every handoff must reach the waiter, in turn (the releaser, queued behind
// it, must never overtake it). A lost wake-up leaves the waiter to its safety net, a re-check
// after k_slot_recheck (100 ms): with every wake-up lost, the 1,000 handoffs took 58 to 60 s on
// Linux. So they must end within 30 s (2 to 3 s on Linux, 7 to 8 s under wine on a busy machine).
TEST_CASE("slots: 1,000 handoffs between two queued processes, none lost or overtaken")
{
  const std::string rounds = "500"; // two handoffs a round
  admission::testing::TempDir temp;
  const std::string state = temp / "state";
  auto holder = start_holder(state);
  const auto dir = StateDir::open(state, Sharing::per_user);
  auto a = start_role("slot-alternate", {state, "a", "first", rounds}, util::ChildStream::pipe);
  REQUIRE(a.pid > 0);
  REQUIRE(admission::testing::eventually([&] { return count_waiters(dir) == 1; }));
  auto b = start_role("slot-alternate", {state, "b", "second", rounds}, util::ChildStream::pipe);
  REQUIRE(b.pid > 0);
  REQUIRE(admission::testing::eventually([&] { return count_waiters(dir) == 2; }));

  const auto start = std::chrono::steady_clock::now();
  CHECK(release_holder(holder) == 0); // a is at the head, and the handoffs begin
  CHECK(read_line(a.out_fd) == "a done");
  CHECK(read_line(b.out_fd) == "b done");
  CHECK(std::chrono::steady_clock::now() - start < 30s);
  util::close_file(a.out_fd);
  util::close_file(b.out_fd);
  CHECK(util::wait_child(a.pid) == 0);
  CHECK(util::wait_child(b.pid) == 0);
}
