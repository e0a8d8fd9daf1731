#include "admission/error.hpp"
#include "admission/state_dir.hpp"
#include "housekeeping/cleanup_pass.hpp"
#include "housekeeping/cleanup_progress.hpp"
#include "housekeeping/cleanup_report.hpp"
#include "housekeeping/session.hpp"
#include "test_admission_support.hpp"
#include "test_roles.hpp"
#include "util/child_process.hpp"
#include "util/file_reading.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>

using namespace sd::housekeeping;

namespace {

// Another process starting session ID: exit 0 when it got it, 3 when it is taken.
SD_TEST_ROLE("session-start", [](const std::vector<std::string>& args) {
  const auto dir = sd::admission::StateDir::open(args.at(0), sd::admission::Sharing::per_user);
  try {
    (void)start_session(dir, {args.at(1), {}, false, false});
    return 0;
  } catch (const sd::admission::AdmissionError&) {
    return 3;
  }
});

// Another process owning session ID: says "live" once it does, and lives until killed.
SD_TEST_ROLE("session-owner", [](const std::vector<std::string>& args) {
  const auto dir = sd::admission::StateDir::open(args.at(0), sd::admission::Sharing::per_user);
  auto lease = start_session(dir, {args.at(1), {}, false, false});
  std::puts("live");
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::hours(1));
  return 0;
});

sd::util::StartedChild
must_start(const std::string& role, const std::vector<std::string>& args, sd::util::ChildStream out)
{
  auto child = sd::testing::start_role(role, args, out);
  REQUIRE(child.pid > 0);
  return child;
}

// A docker that knows a few containers and images, answers the calls a pass makes, and
// remembers every call.
class FakeDocker final : public DockerCalls
{
public:
  nlohmann::json containers = nlohmann::json::array();
  nlohmann::json images = nlohmann::json::array();
  std::vector<std::vector<std::string>> calls;
  std::function<void(const std::vector<std::string>&)> on_call;
  int refuse_from_call = -1;       ///< the index of the first call answered with 205
  std::set<std::string> refuse_rm; ///< containers `docker rm` refuses

  DockerReply call(const std::vector<std::string>& args) override
  {
    calls.push_back(args);
    if (on_call) {
      on_call(args);
    }
    if (refuse_from_call >= 0 && static_cast<int>(calls.size()) > refuse_from_call) {
      return {0, "", "breaker open", 205};
    }
    const auto& verb = args.front();
    if (verb == "ps") {
      return {0, ids(containers, "Id"), "", 0};
    }
    if (verb == "inspect") {
      return {0, containers.dump(), "", 0};
    }
    if (verb == "image" && args[1] == "ls") {
      return {0, ids(images, "Id"), "", 0};
    }
    if (verb == "image" && args[1] == "inspect") {
      return {0, images.dump(), "", 0};
    }
    if ((verb == "network" || verb == "volume") && args[1] == "ls") {
      return {0, "", "", 0};
    }
    if (verb == "rm" || verb == "stop") {
      // Like docker: each removed id on stdout, an error line for each one refused.
      DockerReply reply;
      for (std::size_t i = verb == "stop" ? 3 : 1; i < args.size(); ++i) {
        if (verb == "rm" && refuse_rm.contains(args[i])) {
          reply.status = 1;
          reply.err += "Error response from daemon: cannot remove container " + args[i] + ": conflict\n";
        } else {
          reply.out += args[i] + "\n";
        }
      }
      return reply;
    }
    if (verb == "image") {
      return {0, args.back() + "\n", "", 0};
    }
    return {1, "", "unexpected call", 0};
  }

private:
  static std::string ids(const nlohmann::json& list, const char* key)
  {
    std::string out;
    for (const auto& item : list) {
      out += item[key].get<std::string>() + "\n";
    }
    return out;
  }
};

nlohmann::json
container(const std::string& id, const std::string& state, const std::string& session = "")
{
  nlohmann::json labels = nlohmann::json::object();
  if (!session.empty()) {
    labels["safedocker.session"] = session;
  }
  return {{"Id", id},
          {"Name", "/" + id},
          {"Image", "sha256:busy"},
          {"Created", "2020-01-01T00:00:00Z"},
          {"State", {{"Status", state}, {"FinishedAt", "2020-01-01T00:00:01Z"}}},
          {"Config", {{"Image", "busybox"}, {"Labels", labels}}},
          {"SizeRw", 10}};
}

std::vector<std::string>
removed_ids(const PassReport& report)
{
  std::vector<std::string> out;
  for (const auto& removal : report.removed) {
    out.push_back(removal.id);
  }
  return out;
}

std::vector<std::vector<std::string>>
removing_calls(const FakeDocker& docker)
{
  std::vector<std::vector<std::string>> out;
  for (const auto& call : docker.calls) {
    if (call[0] == "stop" || call[0] == "rm" || (call[0] == "image" && call[1] == "rm")) {
      out.push_back(call);
    }
  }
  return out;
}

} // namespace

TEST_CASE("pass: a dry run lists exactly what the real run then removes, and removes nothing")
{
  FakeDocker docker;
  docker.containers = {container("old1", "exited"), container("old2", "created"), container("up", "running")};
  docker.images = {
    {{"Id", "sha256:dang"}, {"RepoTags", nlohmann::json::array()}, {"Created", "2020-01-01T00:00:00Z"}, {"Size", 5}}};
  PassOptions options;
  options.dry_run = true;
  const auto dry = run_pass(docker, nullptr, CleanupPolicy{}, options, {}, {});
  CHECK(removing_calls(docker).empty());
  options.dry_run = false;
  const auto real = run_pass(docker, nullptr, CleanupPolicy{}, options, {}, {});
  CHECK(removed_ids(dry) == removed_ids(real));
  CHECK(removed_ids(real) == std::vector<std::string>{"old1", "old2", "sha256:dang"});
  CHECK(removing_calls(docker)
        == std::vector<std::vector<std::string>>{{"rm", "old1", "old2"}, {"image", "rm", "sha256:dang"}});
  CHECK(real.reclaimed_bytes() == 25);
  CHECK(real.exit_code() == 0);
  const auto json = report_json(real);
  CHECK(json["removed"].size() == 3);
  CHECK(json["removed"][0]["kind"] == "container");
  CHECK(json["exit"] == 0);
  CHECK(json["interrupted"].is_null());
  CHECK(report_json(dry)["dry_run"] == true);
}

TEST_CASE("pass: no call ever carries a force flag; running containers are stopped with the grace, then removed")
{
  FakeDocker docker;
  docker.containers = {container("busy", "running", "s-dead"), container("busy2", "running", "s-dead")};
  sd::admission::testing::TempDir temp;
  const auto dir = sd::admission::StateDir::open(temp / "state", sd::admission::Sharing::per_user);
  {
    auto lease = start_session(dir, {"s-dead", {"true"}, false, false});
    lease.abandon(); // its owner is gone: a dead session
  }
  CleanupPolicy policy;
  policy.stop_grace_seconds = 7;
  const auto report = run_pass(docker, &dir, policy, {}, {}, {});
  // Stopped together (each with its grace period), then removed together.
  CHECK(removing_calls(docker)
        == std::vector<std::vector<std::string>>{{"stop", "-t", "7", "busy", "busy2"}, {"rm", "busy", "busy2"}});
  for (const auto& call : docker.calls) {
    for (const auto& word : call) {
      CHECK(word != "-f");
      CHECK(word != "--force");
    }
  }
  CHECK(report.sessions_reaped == std::vector<std::string>{"s-dead"});
  CHECK(list_sessions(dir).empty());
}

TEST_CASE(
  "pass: a stop request ends it between calls: the container being stopped is still removed, the rest not attempted")
{
  FakeDocker docker;
  docker.containers = {container("a", "exited"), container("b", "exited"), container("c", "exited"),
                       container("d", "running", "s-dead")};
  sd::admission::testing::TempDir temp;
  const auto dir = sd::admission::StateDir::open(temp / "state", sd::admission::Sharing::per_user);
  start_session(dir, {"s-dead", {}, false, false}).abandon();
  int stop = 0;
  docker.on_call = [&](const std::vector<std::string>& args) {
    if (args[0] == "stop") {
      stop = SIGTERM; // arrives while `docker stop d` runs
    }
  };
  const auto report = run_pass(docker, &dir, CleanupPolicy{}, {}, {}, [&] { return stop; });
  CHECK(removing_calls(docker) == std::vector<std::vector<std::string>>{{"stop", "-t", "10", "d"}, {"rm", "d"}});
  CHECK(removed_ids(report) == std::vector<std::string>{"d"});
  CHECK(report.skipped.size() == 3);
  CHECK(report.exit_code() == 128 + SIGTERM);
  CHECK(report_json(report)["interrupted"] == "SIGTERM");
  CHECK(list_sessions(dir).contains("s-dead")); // not forgotten: the pass did not finish
}

TEST_CASE("pass: stopped containers are removed many per call; one docker refuses is a failure, the others go")
{
  FakeDocker docker;
  docker.containers = {container("a", "exited"), container("b", "exited"), container("c", "exited")};
  docker.refuse_rm = {"b"};
  const auto report = run_pass(docker, nullptr, CleanupPolicy{}, {}, {}, {});
  CHECK(removing_calls(docker) == std::vector<std::vector<std::string>>{{"rm", "a", "b", "c"}});
  CHECK(removed_ids(report) == std::vector<std::string>{"a", "c"});
  REQUIRE(report.failed.size() == 1);
  CHECK(report.failed[0].removal.id == "b");
  CHECK(report.failed[0].error.find("conflict") != std::string::npos);
  CHECK(report.exit_code() == 1);
}

TEST_CASE("pass: a refused call (breaker open) stops the pass with its exit code")
{
  FakeDocker docker;
  docker.containers = {container("a", "exited"), container("b", "exited")};
  docker.refuse_from_call = 4; // ps, inspect, image ls, network ls answered; the rm refused
  const auto report = run_pass(docker, nullptr, CleanupPolicy{}, {}, {}, {});
  CHECK(report.removed.empty());
  CHECK(report.skipped.size() == 2);
  CHECK(report.exit_code() == 205);
}

TEST_CASE("sessions: live while the owner holds the lock, dead once it is gone, and an id is not taken twice")
{
  sd::admission::testing::TempDir temp;
  const auto dir = sd::admission::StateDir::open(temp / "state", sd::admission::Sharing::per_user);
  CHECK(valid_session_id("ci-job_7.2"));
  CHECK_FALSE(valid_session_id("-x"));
  CHECK_FALSE(valid_session_id("a/b"));
  CHECK_FALSE(valid_session_id(""));
  auto lease = start_session(dir, {"s1", {"make", "test"}, false, true});
  auto sessions = list_sessions(dir);
  REQUIRE(sessions.contains("s1"));
  CHECK(sessions.at("s1").live);
  CHECK(sessions.at("s1").volumes);
  // Another process cannot start the same id while it is live.
  const auto other = must_start("session-start", {temp / "state", "s1"}, sd::util::ChildStream::null);
  CHECK(sd::util::wait_child(other.pid) == 3);
  CHECK_FALSE(forget_dead_session(dir, "s1"));
  lease.abandon();
  sessions = list_sessions(dir);
  CHECK_FALSE(sessions.at("s1").live);
  // A dead session's id can be taken over; finishing removes the file.
  auto again = start_session(dir, {"s1", {}, false, false});
  CHECK(list_sessions(dir).at("s1").live);
  again.finish();
  CHECK(list_sessions(dir).empty());
}

TEST_CASE("sessions: a killed owner leaves a dead session")
{
  sd::admission::testing::TempDir temp;
  const auto dir = sd::admission::StateDir::open(temp / "state", sd::admission::Sharing::per_user);
  const auto owner = must_start("session-owner", {temp / "state", "killed"}, sd::util::ChildStream::pipe);
  char byte = 0;
  REQUIRE(sd::testing::read_some(owner.out_fd, &byte)); // "live"
  CHECK(list_sessions(dir).at("killed").live);
  sd::testing::kill_process(owner.pid);
  sd::util::wait_child(owner.pid);
  sd::util::close_file(owner.out_fd);
  CHECK_FALSE(list_sessions(dir).at("killed").live);
  CHECK(forget_dead_session(dir, "killed"));
}

#ifndef _WIN32 // forked starters released at one instant: POSIX systems
TEST_CASE("sessions: of many starts of one id at the same instant, exactly one gets it")
{
  using sd::admission::testing::Child;
  using sd::admission::testing::Pipe;
  sd::admission::testing::TempDir temp;
  const auto dir = sd::admission::StateDir::open(temp / "state", sd::admission::Sharing::per_user);
  constexpr int k_rounds = 10;
  constexpr int k_starters = 8;
  for (int round = 0; round < k_rounds; ++round) {
    const std::string id = "race-" + std::to_string(round);
    Pipe go;      // closed by the parent: every starter starts at once
    Pipe answers; // "won" or "lost", one line per starter
    Pipe release; // closed by the parent once all have answered: the winner holds the id until then
    std::vector<std::unique_ptr<Child>> starters;
    for (int i = 0; i < k_starters; ++i) {
      starters.push_back(std::make_unique<Child>([&] {
        go.close_write();
        release.close_write();
        char byte = 0;
        (void)::read(go.read_fd(), &byte, 1);
        std::optional<SessionLease> lease;
        try {
          lease.emplace(start_session(dir, {id, {}, false, false}));
        } catch (const sd::admission::AdmissionError&) {
        }
        answers.send(lease ? "won" : "lost");
        if (lease) {
          (void)::read(release.read_fd(), &byte, 1);
        }
        return 0;
      }));
    }
    go.close_write();
    int winners = 0;
    for (int i = 0; i < k_starters; ++i) {
      const auto answer = answers.receive();
      REQUIRE(answer);
      winners += *answer == "won" ? 1 : 0;
    }
    release.close_write();
    for (auto& child : starters) {
      CHECK(child->wait() == 0);
    }
    CHECK(winners == 1);
  }
}
#endif

TEST_CASE("pass: a dead session is forgotten only once nothing of its is kept")
{
  FakeDocker docker;
  docker.containers = {container("a", "exited", "s-one"), container("b", "exited", "s-two")};
  docker.containers[1]["Config"]["Labels"]["safedocker.keep"] = "1";
  sd::admission::testing::TempDir temp;
  const auto dir = sd::admission::StateDir::open(temp / "state", sd::admission::Sharing::per_user);
  start_session(dir, {"s-one", {}, false, false}).abandon();
  start_session(dir, {"s-two", {}, false, false}).abandon();
  const auto report = run_pass(docker, &dir, CleanupPolicy{}, {}, {}, {});
  CHECK(removed_ids(report) == std::vector<std::string>{"a"});
  CHECK(report.sessions_reaped == std::vector<std::string>{"s-one"});
  CHECK(report.sessions_held == std::vector<std::string>{"s-two"});
  CHECK(report_json(report)["sessions_held"] == nlohmann::json::array({"s-two"}));
  const auto sessions = list_sessions(dir);
  REQUIRE(sessions.contains("s-two"));
  CHECK_FALSE(sessions.at("s-two").live);
  CHECK_FALSE(sessions.contains("s-one"));
}

TEST_CASE("pass: progress is told when looking, before each batch, and at the end; stdout's report is untouched")
{
  FakeDocker docker;
  docker.containers = {container("a", "exited"), container("b", "exited"), container("c", "exited")};
  std::vector<PassProgress> seen;
  PassOptions options;
  options.progress = [&seen](const PassProgress& progress) { seen.push_back(progress); };
  const auto report = run_pass(docker, nullptr, CleanupPolicy{}, options, {}, {});
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].stage == PassProgress::Stage::listing);
  CHECK(seen[1].stage == PassProgress::Stage::removing);
  CHECK(seen[1].done == 0);
  CHECK(seen[1].batch == 3);
  CHECK(seen[1].total == 3);
  CHECK(seen[1].bytes == 0);
  CHECK(seen[2].stage == PassProgress::Stage::done);
  CHECK(seen[2].done == 3);
  CHECK(seen[2].bytes == report.reclaimed_bytes());
  CHECK(report.reclaimed_bytes() == 30);

  SUBCASE("without a terminal: one line per batch, nothing else")
  {
    std::string err;
    CleanupProgress show({[&err](std::string_view more) { err += more; },
                          [] {
                            return sd::run::StreamView{false, 0};
                          }});
    for (const auto& progress : seen) {
      show(progress);
    }
    CHECK(err == "safedocker: cleanup: removing 1-3 of 3 (containers); 0 B reclaimed so far\n");
  }
  SUBCASE("on a terminal: one line redrawn in place, erased when the pass ends")
  {
    std::string err;
    CleanupProgress show({[&err](std::string_view more) { err += more; },
                          [] {
                            return sd::run::StreamView{true, 120};
                          }});
    for (const auto& progress : seen) {
      show(progress);
    }
    CHECK(err
          == "\r\x1b[Ksafedocker: cleanup: listing containers, images, networks and volumes"
             "\r\x1b[Ksafedocker: cleanup: removing 1-3 of 3 (containers); 0 B reclaimed so far\r\x1b[K");
  }
  SUBCASE("a dry run says what it would remove, without bytes")
  {
    auto dry = seen[1];
    dry.dry_run = true;
    dry.batch = 1;
    dry.done = 2;
    CHECK(progress_text(dry) == "safedocker: cleanup: would remove 3 of 3 (container)");
  }
}
