#include "admission/breaker.hpp"
#include "admission/daemon_dir.hpp"
#include "admission/daemon_key.hpp"
#include "run/admitted_call.hpp"
#include "run/call_judgement.hpp"
#include "run/daemon_state.hpp"
#include "test_admission_support.hpp"
#include "util/exit_codes.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace sd;
using namespace sd::run;
using sd::admission::ProbeResult;
using sd::admission::ProbeStatus;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view k_unreachable =
  "Cannot connect to the Docker daemon at unix:///gone.sock. Is the docker daemon running?";

Judgement
judged(int status, std::optional<std::string_view> stderr_text, std::optional<ProbeStatus> probe = std::nullopt,
       JudgeContext context = {})
{
  static const std::vector<std::string> patterns{"toomanyrequests"};
  context.transient_patterns = &patterns;
  std::optional<ProbeResult> result;
  if (probe) {
    result = ProbeResult{*probe, 0ms, "", "probe said so"};
  }
  return judge({status, false, stderr_text, true}, result, context);
}

record::AuditConfig
disabled_audit()
{
  record::AuditConfig config;
  config.enabled = false;
  return config;
}

JudgeContext
context(bool retryable, int attempt, int max_attempts, bool breaker_dirty = false)
{
  JudgeContext out;
  out.retryable = retryable;
  out.attempt = attempt;
  out.max_attempts = max_attempts;
  out.breaker_dirty = breaker_dirty;
  return out;
}

CallOptions
options_for(grammar::CommandClass klass, bool retryable)
{
  CallOptions out;
  out.klass = klass;
  out.retryable = retryable;
  return out;
}

// A world of fakes around one admitted call: a lock directory of its own, a fake clock, a
// prober and a runner that count their calls and answer as told.
struct Bench
{
  admission::testing::TempDir dir;
  admission::testing::FakeClock clock;
  admission::testing::FakeRandom random{{0.5}};
  AdmissionSettings settings;
  int probes = 0;
  ProbeStatus probe_answer = ProbeStatus::ok;
  int runs = 0;
  AttemptResult answer;
  record::AuditTrail trail{disabled_audit()};

  Bench()
  {
    settings.lock_dir = dir / "locks";
    settings.max_attempts = 1;
    settings.slot_classes = {"daemon"};
    settings.open_seconds = 60;
  }

  CallOutcome call(const std::string& key, CallOptions options = {})
  {
    CallDaemon daemon{key, admission::Endpoint{"unix:///x.sock", "test", "default", false}, ""};
    CallWorld world{clock, random, [this]() {
                      ++probes;
                      return std::optional<ProbeResult>(ProbeResult{probe_answer, 1ms, "", "fake"});
                    }};
    record::AuditRecord audit;
    const Runner runner = [this]() {
      ++runs;
      return answer;
    };
    auto outcome = run_admitted_call(settings, daemon, options, runner, world, audit, trail);
    CHECK(audit.daemon == key);
    return outcome;
  }

  admission::BreakerStatus breaker(const std::string& key)
  {
    const auto root = open_lock_dir(settings);
    const auto state = open_daemon_state(root, CallDaemon{key, std::nullopt, ""});
    return admission::Breaker(state, breaker_config(settings), clock).status();
  }
};

} // namespace

TEST_CASE("judge: success, user errors, daemon failures, transient errors and stops")
{
  SUBCASE("a success on a clean breaker writes nothing; on a dirty one it closes it")
  {
    CHECK(judged(0, std::nullopt).feedback == BreakerFeedback::none);
    CHECK(judged(0, std::nullopt, std::nullopt, context(false, 1, 1, true)).feedback == BreakerFeedback::success);
  }
  SUBCASE("docker's own words: the daemon is down, a failure for the breaker, retried when allowed")
  {
    const auto j = judged(1, k_unreachable, std::nullopt, context(true, 1, 3));
    CHECK(j.kind == FailureKind::daemon_down);
    CHECK(j.feedback == BreakerFeedback::failure);
    CHECK(j.retry);
    CHECK_FALSE(needs_probe({1, false, k_unreachable, true}));
  }
  SUBCASE("no words: the probe decides")
  {
    CHECK(needs_probe({1, false, std::nullopt, true}));
    CHECK(judged(1, std::nullopt, ProbeStatus::unreachable).kind == FailureKind::daemon_down);
    CHECK(judged(1, std::nullopt, ProbeStatus::timeout).kind == FailureKind::daemon_down);
    CHECK(judged(1, std::nullopt, ProbeStatus::ok).kind == FailureKind::user);
    CHECK(judged(1, std::nullopt, std::nullopt).kind == FailureKind::user); // not probeable: never the daemon's fault
  }
  SUBCASE("a user's error is never retried and, on a dirty breaker, tells it the daemon answered")
  {
    const auto j =
      judged(1, "Error response from daemon: No such container: x", ProbeStatus::ok, context(true, 1, 3, true));
    CHECK(j.kind == FailureKind::user);
    CHECK_FALSE(j.retry);
    CHECK(j.feedback == BreakerFeedback::success);
  }
  SUBCASE("a transient error is retried while attempts remain, and is no daemon failure")
  {
    const auto first = context(true, 1, 2);
    const auto last = context(true, 2, 2);
    CHECK(judged(1, "toomanyrequests: slow down", ProbeStatus::ok, first).retry);
    CHECK(judged(1, "toomanyrequests: slow down", ProbeStatus::ok, first).feedback == BreakerFeedback::none);
    CHECK_FALSE(judged(1, "toomanyrequests: slow down", ProbeStatus::ok, last).retry);
    CHECK_FALSE(judged(1, "toomanyrequests", ProbeStatus::ok, context(false, 1, 4)).retry);
  }
  SUBCASE("a call the user stopped is neither judged nor retried; a client call needs no daemon")
  {
    CHECK(judge({130, true, k_unreachable, true}, std::nullopt, context(true, 1, 4)).kind == FailureKind::stopped);
    CHECK_FALSE(needs_probe({130, true, std::nullopt, true}));
    CHECK(judge({1, false, k_unreachable, false}, std::nullopt, {}).kind == FailureKind::none);
    CHECK_FALSE(needs_probe({1, false, std::nullopt, false}));
  }
}

TEST_CASE("admitted call: a dead daemon's breaker opens and another daemon's calls still run")
{
  Bench bench;
  bench.answer = {1, false, std::string(k_unreachable)};
  for (int i = 0; i < 3; ++i) {
    CHECK(bench.call("unix:/dead.sock").status == 1);
  }
  CHECK(bench.breaker("unix:/dead.sock").state == admission::BreakerState::open);
  const auto refused = bench.call("unix:/dead.sock");
  CHECK(refused.refused == Refusal::breaker_open);
  CHECK(refused.status == exit_code::k_breaker_open);
  CHECK(refused.message.find("unix:/dead.sock") != std::string::npos);
  CHECK(bench.runs == 3);

  bench.answer = {0, false, std::string()};
  CHECK(bench.call("unix:/ok.sock").status == 0);
  CHECK(bench.runs == 4);
  CHECK(bench.breaker("unix:/ok.sock").state == admission::BreakerState::closed);
}

TEST_CASE("admitted call: a half-open breaker gets exactly one probe, then the calls run")
{
  Bench bench;
  bench.answer = {1, false, std::string(k_unreachable)};
  for (int i = 0; i < 3; ++i) {
    bench.call("unix:/d.sock");
  }
  CHECK(bench.probes == 0); // docker's words said it: no probe needed
  bench.clock.advance(61s);
  bench.answer = {0, false, std::string()};
  bench.probe_answer = ProbeStatus::ok;
  CHECK(bench.call("unix:/d.sock").status == 0);
  CHECK(bench.call("unix:/d.sock").status == 0);
  CHECK(bench.call("unix:/d.sock").status == 0);
  CHECK(bench.probes == 1);
  CHECK(bench.runs == 6);
  CHECK(bench.breaker("unix:/d.sock").state == admission::BreakerState::closed);
}

TEST_CASE("admitted call: a failed probe re-opens the breaker and nothing runs")
{
  Bench bench;
  bench.answer = {1, false, std::string(k_unreachable)};
  for (int i = 0; i < 3; ++i) {
    bench.call("unix:/d.sock");
  }
  bench.clock.advance(61s);
  bench.probe_answer = ProbeStatus::unreachable;
  CHECK(bench.call("unix:/d.sock").refused == Refusal::breaker_open);
  CHECK(bench.probes == 1);
  CHECK(bench.runs == 3);
  CHECK(bench.breaker("unix:/d.sock").state == admission::BreakerState::open);
}

TEST_CASE("admitted call: transient errors of a retryable call are retried with backoff, then it ends")
{
  Bench bench;
  bench.settings.max_attempts = 3;
  bench.settings.transient_patterns = {"toomanyrequests"};
  bench.answer = {1, false, std::string("toomanyrequests")};
  const auto before = bench.clock.now();
  CHECK(bench.call("unix:/d.sock", options_for(grammar::CommandClass::daemon, true)).status == 1);
  CHECK(bench.runs == 3);
  CHECK(bench.clock.now() > before); // it slept between attempts (on the fake clock)
  CHECK(bench.breaker("unix:/d.sock").consecutive_failures == 0);
}

TEST_CASE("admitted call: a slot is taken by class, per daemon")
{
  Bench bench;
  bench.settings.max_concurrent = 1;
  bench.settings.acquire_timeout_seconds = 0;
  // Hold the only slot of daemon A from inside a run: a call to A times out, a call to B runs.
  bench.answer = {0, false, std::string()};
  Bench* b = &bench;
  CallOutcome inner_a;
  CallOutcome inner_b;
  CallDaemon daemon{"unix:/a.sock", std::nullopt, ""};
  CallWorld world{bench.clock, bench.random, [] { return std::optional<ProbeResult>(); }};
  record::AuditRecord audit;
  const Runner holder = [&]() {
    inner_a = b->call("unix:/a.sock");
    inner_b = b->call("unix:/b.sock");
    return AttemptResult{0, false, std::nullopt};
  };
  run_admitted_call(bench.settings, daemon, {}, holder, world, audit, bench.trail);
  // The inner calls run in this process, which holds A's slot: not an ancestor, so no pass.
  CHECK(inner_a.refused == Refusal::slot_timeout);
  CHECK(inner_a.message.find("unix:/a.sock") != std::string::npos);
  CHECK(inner_b.status == 0);
  // A streaming call takes no slot with the default classes.
  const Runner streaming = [&]() {
    inner_a = b->call("unix:/a.sock", options_for(grammar::CommandClass::streaming, false));
    return AttemptResult{0, false, std::nullopt};
  };
  run_admitted_call(bench.settings, daemon, {}, streaming, world, audit, bench.trail);
  CHECK(inner_a.status == 0);
}

#ifndef _WIN32 // unix sockets reached through symbolic links: POSIX systems
TEST_CASE("daemon keys: one daemon, one key")
{
  admission::testing::TempDir dir;
  std::ofstream(dir / "real.sock") << "";
  std::filesystem::create_symlink(dir / "real.sock", dir / "link.sock");
  CHECK(admission::daemon_key("unix://" + (dir / "link.sock")) == "unix:" + (dir / "real.sock"));
  CHECK(admission::daemon_key("unix://" + (dir / "gone.sock")) == "unix:" + (dir / "gone.sock"));
  CHECK(admission::daemon_key("tcp://Build.Example:2376") == "tcp:build.example:2376");
  CHECK(admission::daemon_key("tcp://[::1]:2375") == "tcp:[::1]:2375");
  CHECK(admission::daemon_key("ssh://ci@build") == "ssh:ci@build:22");
  CHECK(admission::daemon_key("ssh://ci@build:2222/var/run/docker.sock") == "ssh:ci@build:2222");
  CHECK(admission::daemon_key("npipe:////./pipe/docker_engine") == "npipe://./pipe/docker_engine");
  CHECK(admission::daemon_dir_name("tcp:build:2376").size() == std::string("daemon.").size() + 16);
  CHECK(admission::daemon_dir_name("tcp:a:1") != admission::daemon_dir_name("tcp:a:2"));
}
#endif

TEST_CASE("daemon state directories are listed by their records")
{
  admission::testing::TempDir dir;
  const auto root = admission::StateDir::open(dir / "locks", admission::Sharing::per_user);
  admission::open_daemon_dir(root, "unix:/b.sock", "unix:///b.sock");
  admission::open_daemon_dir(root, "tcp:a:2375", "tcp://a:2375", true);
  const auto known = admission::list_daemons(root);
  REQUIRE(known.size() == 2);
  CHECK(known[0].key == "tcp:a:2375");
  CHECK(known[0].tls);
  CHECK(known[1].host == "unix:///b.sock");
}
