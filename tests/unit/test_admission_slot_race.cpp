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
#include <string>
#include <thread>
#include <vector>

// Processes racing for the slots, started as roles of the test binary (on every platform; the
// forked tests of test_admission_slots.cpp cover more on POSIX systems).

using namespace sd;
using namespace sd::admission;
using namespace std::chrono_literals;

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

util::StartedChild
start_role(const std::string& role, const std::vector<std::string>& args, util::ChildStream out)
{
  util::ChildSpec spec;
  spec.argv = sd::testing::role_argv(role, args);
  spec.path = spec.argv.front();
  spec.out = out;
  // Under wine, a burst of starts on a loaded machine has been seen to fail once: a few tries.
  auto child = util::start_child(spec);
  for (int attempt = 0; child.pid < 0 && attempt < 3; ++attempt) {
    std::this_thread::sleep_for(100ms);
    child = util::start_child(spec);
  }
  return child;
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
