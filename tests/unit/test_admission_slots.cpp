#include "admission/error.hpp"
#include "admission/slots.hpp"
#include "test_admission_support.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>

using namespace sd::admission;
using namespace sd::admission::testing;
using namespace std::chrono_literals;

namespace {

bool
exists(const std::string& path)
{
  struct stat info = {};
  return ::lstat(path.c_str(), &info) == 0;
}

// A child that takes a slot, reports "held PID", and keeps it until `release` is closed.
int
hold_until_closed(const std::string& dir_path, int slots, const std::string& command, const Pipe& report, Pipe& release)
{
  release.close_write();
  const auto dir = StateDir::open(dir_path, Sharing::per_user);
  auto wait = acquire_slot(dir, {slots, 20s, command, {}});
  if (!wait.lease.held()) {
    return 1;
  }
  report.send("held " + std::to_string(::getpid()));
  char byte = 0;
  [[maybe_unused]] const auto got = ::read(release.read_fd(), &byte, 1); // returns at EOF
  return 0;
}

} // namespace

TEST_CASE("slots: the fast path takes a free slot and writes who holds it")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  auto first = acquire_slot(dir, {2, 0ms, "docker ps", {}});
  REQUIRE(first.lease.held());
  CHECK(first.route == SlotRoute::fast_path);
  CHECK(first.lease.slot() == 0);
  auto second = acquire_slot(dir, {2, 0ms, "docker build .", {}});
  REQUIRE(second.lease.held());
  CHECK(second.lease.slot() == 1);

  // The descriptor is close-on-exec: docker's process tree does not inherit the slot.
  CHECK((::fcntl(first.lease.fd(), F_GETFD) & FD_CLOEXEC) != 0);

  const auto holders = list_holders(dir, 2);
  REQUIRE(holders.size() == 2);
  CHECK(holders[0].pid == ::getpid());
  CHECK(holders[0].command == "docker ps");
  CHECK(holders[1].command == "docker build .");
  REQUIRE(holders[0].since.has_value());
  CHECK(*holders[0].since <= std::chrono::system_clock::now());

  // Full: a zero timeout is one attempt, and says who holds the slots.
  const auto third = acquire_slot(dir, {2, 0ms, "docker images", {}});
  CHECK_FALSE(third.lease.held());
  CHECK(third.holders.size() == 2);

  // Released slots are free whatever stale record their files keep.
  first.lease.release();
  CHECK_FALSE(first.lease.held());
  const auto after = list_holders(dir, 2);
  REQUIRE(after.size() == 1);
  CHECK(after[0].slot == 1);
  CHECK(acquire_slot(dir, {2, 0ms, "docker images", {}}).lease.slot() == 0);
  CHECK_FALSE(exists(temp / "waiter.0")); // nothing queued behind: no waiter file left
}

TEST_CASE("slots: a waiter times out and gets the holders (holders in other processes)")
{
  TempDir temp;
  Pipe report;
  Pipe release;
  Child a([&] { return hold_until_closed(temp.path(), 2, "docker run alpha", report, release); });
  Child b([&] { return hold_until_closed(temp.path(), 2, "docker run beta", report, release); });
  release.close_read();
  std::vector<std::string> lines = {report.receive().value_or("none"), report.receive().value_or("none")};
  std::sort(lines.begin(), lines.end());
  std::vector<std::string> expected = {"held " + std::to_string(a.pid()), "held " + std::to_string(b.pid())};
  std::sort(expected.begin(), expected.end());
  REQUIRE(lines == expected);

  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  const auto wait = acquire_slot(dir, {2, 50ms, "docker ps", {}});
  CHECK_FALSE(wait.lease.held());
  CHECK(wait.route == SlotRoute::queued);
  CHECK(wait.waiters_ahead == 0);
  REQUIRE(wait.holders.size() == 2);
  for (const auto& holder : wait.holders) {
    if (holder.pid == a.pid()) {
      CHECK(holder.command == "docker run alpha");
    } else {
      CHECK(holder.pid == b.pid());
      CHECK(holder.command == "docker run beta");
    }
    CHECK(holder.since.has_value());
  }
  // A waiter that gave up leaves no waiter file.
  CHECK_FALSE(exists(temp / ("waiter." + std::to_string(wait.ticket))));

  release.close_write();
  CHECK(a.wait() == 0);
  CHECK(b.wait() == 0);
  CHECK(acquire_slot(dir, {2, 0ms, "docker ps", {}}).lease.held());
}

TEST_CASE("slots: SIGKILL of a holder frees its slot")
{
  TempDir temp;
  Pipe report;
  Pipe release;
  Child holder([&] { return hold_until_closed(temp.path(), 1, "docker pull big", report, release); });
  release.close_read();
  REQUIRE(report.receive() == "held " + std::to_string(holder.pid()));

  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  const auto blocked = acquire_slot(dir, {1, 0ms, "docker ps", {}});
  CHECK_FALSE(blocked.lease.held());
  REQUIRE(blocked.holders.size() == 1);
  CHECK(blocked.holders[0].pid == holder.pid());

  CHECK(holder.kill_and_wait() == 128 + SIGKILL);
  const auto wait = acquire_slot(dir, {1, 0ms, "docker ps", {}});
  CHECK(wait.lease.held());
}

TEST_CASE("slots: a grandchild started by the holder does not inherit the slot")
{
  // Orphans come back to this process (not init), so the test reaps the grandchild itself.
  REQUIRE(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
  TempDir temp;
  Pipe report;
  Pipe release;
  Child holder([&] {
    release.close_write();
    const auto dir = StateDir::open(temp.path(), Sharing::per_user);
    auto wait = acquire_slot(dir, {1, 20s, "docker login", {}});
    if (!wait.lease.held()) {
      return 1;
    }
    const pid_t grandchild = ::fork();
    if (grandchild == 0) {
      // What a credential helper or an ssh ControlMaster does: exec and live on.
      ::execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    report.send(std::to_string(grandchild));
    char byte = 0;
    [[maybe_unused]] const auto got = ::read(release.read_fd(), &byte, 1);
    return 0;
  });
  release.close_read();
  const auto line = report.receive();
  REQUIRE(line.has_value());
  const pid_t grandchild = static_cast<pid_t>(std::stol(*line));
  // The grandchild has exec'd once its command line is /bin/sleep's (no timing assumption).
  REQUIRE(eventually([&] {
    char target[64] = {};
    const auto path = "/proc/" + std::to_string(grandchild) + "/exe";
    const auto size = ::readlink(path.c_str(), target, sizeof target - 1);
    return size > 0 && std::string(target).find("sleep") != std::string::npos;
  }));

  CHECK(holder.kill_and_wait() == 128 + SIGKILL);
  CHECK(::kill(grandchild, 0) == 0); // docker's descendants live on…
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  CHECK(acquire_slot(dir, {1, 0ms, "docker ps", {}}).lease.held()); // …and pin nothing
  ::kill(grandchild, SIGKILL);
  CHECK(::waitpid(grandchild, nullptr, 0) == grandchild);
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
}

TEST_CASE("slots: a live waiter keeps newcomers out even from a free slot; a dead one does not")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  // A waiter in the queue: its file, flocked (here by this process, through its own descriptor).
  const int fake_waiter = ::open((temp / "waiter.0").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(fake_waiter >= 0);
  REQUIRE(::flock(fake_waiter, LOCK_EX) == 0);

  const auto blocked = acquire_slot(dir, {3, 30ms, "docker ps", {}});
  CHECK_FALSE(blocked.lease.held()); // all three slots are free, but a waiter came first
  CHECK(blocked.route == SlotRoute::queued);
  CHECK(blocked.ticket == 1);
  CHECK(blocked.waiters_ahead == 1);
  CHECK(blocked.holders.empty());
  CHECK(count_waiters(dir) == 1);

  ::close(fake_waiter); // the waiter dies: its file is a leftover, unlocked
  const auto wait = acquire_slot(dir, {3, 0ms, "docker ps", {}});
  CHECK(wait.lease.held());
  CHECK(wait.route == SlotRoute::fast_path);
  CHECK_FALSE(exists(temp / "waiter.0")); // removed as dead
  CHECK(count_waiters(dir) == 0);
}

TEST_CASE("slots: a symlink in place of a slot file is refused, never followed")
{
  TempDir temp;
  TempDir elsewhere;
  const auto target = elsewhere / "precious";
  REQUIRE(::symlink(target.c_str(), (temp / "slot.0").c_str()) == 0);
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  CHECK_THROWS_WITH_AS(acquire_slot(dir, {1, 0ms, "docker ps", {}}), doctest::Contains("symbolic link"),
                       AdmissionError);
  CHECK_FALSE(exists(target)); // nothing created through the link
  CHECK_THROWS_AS(list_holders(dir, 1), AdmissionError);
}

TEST_CASE("slots: a hard link or a FIFO in place of a slot file is refused")
{
  TempDir temp;
  TempDir elsewhere;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  const int file = ::open((elsewhere / "victim").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(file >= 0);
  ::close(file);
  REQUIRE(::link((elsewhere / "victim").c_str(), (temp / "slot.0").c_str()) == 0);
  CHECK_THROWS_WITH_AS(acquire_slot(dir, {1, 0ms, "x", {}}), doctest::Contains("hard links"), AdmissionError);
  REQUIRE(::unlink((temp / "slot.0").c_str()) == 0);
  REQUIRE(::mkfifo((temp / "slot.0").c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS(acquire_slot(dir, {1, 0ms, "x", {}}), doctest::Contains("not a regular file"), AdmissionError);
}
