#include "admission/breaker.hpp"
#include "test_admission_support.hpp"
#include "test_roles.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace sd::admission;
using namespace sd::admission::testing;
using namespace std::chrono_literals;

namespace {

void
write_file(const std::string& path, const std::string& text)
{
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

BreakerConfig
config()
{
  BreakerConfig config;
  config.failure_threshold = 3;
  config.open_for = 900s;
  config.probe_timeout = 120s;
  return config;
}

} // namespace

TEST_CASE("breaker: opens after the threshold of consecutive daemon failures; a success resets the count")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  Breaker breaker(dir, config(), clock);

  CHECK(breaker.before_call().verdict == GateVerdict::allow);
  CHECK_FALSE(breaker.record_daemon_failure("Cannot connect").opened());
  CHECK_FALSE(breaker.record_daemon_failure("Cannot connect").opened());
  CHECK(breaker.status().consecutive_failures == 2);
  CHECK(breaker.record_success().before == BreakerState::closed);
  CHECK(breaker.status().consecutive_failures == 0); // not consecutive any more

  CHECK_FALSE(breaker.record_daemon_failure("one").opened());
  CHECK_FALSE(breaker.record_daemon_failure("two").opened());
  const auto third = breaker.record_daemon_failure("dial unix /var/run/docker.sock: connect: connection refused");
  CHECK(third.opened());
  CHECK(third.before == BreakerState::closed);
  CHECK(third.after == BreakerState::open);
  CHECK(third.consecutive_failures == 3);

  const auto status = breaker.status();
  CHECK(status.state == BreakerState::open);
  CHECK(status.last_reason == "dial unix /var/run/docker.sock: connect: connection refused");
  REQUIRE(status.opened_at.has_value());
  CHECK(*status.opened_at == clock.now());
  REQUIRE(status.next_probe_at.has_value());
  CHECK(*status.next_probe_at == clock.now() + 900s);

  // Further failures while open count but do not re-open (opened_at stays).
  clock.advance(10s);
  const auto more = breaker.record_daemon_failure("again");
  CHECK_FALSE(more.opened());
  CHECK(breaker.status().opened_at == status.opened_at);
}

TEST_CASE("breaker: open fails fast until open_for, then exactly one process probes")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  // Two "processes" on one state file: the first a live pid (ours), the second another's.
  const sd::testing::LiveProcess another;
  Breaker first(dir, config(), clock, current_pid());
  Breaker second(dir, config(), clock, another.pid());
  for (int k = 0; k < 3; ++k) {
    first.record_daemon_failure("down");
  }

  clock.advance(899s);
  const auto early = second.before_call();
  CHECK(early.verdict == GateVerdict::fail_fast);
  CHECK(early.status.state == BreakerState::open);

  clock.advance(1s);
  const auto probe = first.before_call();
  CHECK(probe.verdict == GateVerdict::probe);
  CHECK(probe.status.state == BreakerState::half_open);
  CHECK(probe.status.prober_pid == current_pid());
  REQUIRE(probe.status.probe_deadline.has_value());
  CHECK(*probe.status.probe_deadline == clock.now() + 120s);

  // Everyone else keeps failing fast while the prober lives and its deadline holds.
  CHECK(second.before_call().verdict == GateVerdict::fail_fast);
  clock.advance(119s);
  CHECK(second.before_call().verdict == GateVerdict::fail_fast);

  // The prober succeeds: closed, count zero, everyone runs again.
  const auto closed = first.record_success();
  CHECK(closed.closed());
  CHECK(closed.before == BreakerState::half_open);
  CHECK(second.before_call().verdict == GateVerdict::allow);
  CHECK(second.status().consecutive_failures == 0);
}

TEST_CASE("breaker: a failed probe opens it again from now")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  Breaker breaker(dir, config(), clock);
  for (int k = 0; k < 3; ++k) {
    breaker.record_daemon_failure("down");
  }
  clock.advance(1000s);
  REQUIRE(breaker.before_call().verdict == GateVerdict::probe);
  const auto reopened = breaker.record_daemon_failure("still down");
  CHECK(reopened.opened());
  CHECK(reopened.before == BreakerState::half_open);
  const auto status = breaker.status();
  CHECK(status.state == BreakerState::open);
  CHECK(*status.opened_at == clock.now());
  CHECK(breaker.before_call().verdict == GateVerdict::fail_fast);
  clock.advance(900s);
  CHECK(breaker.before_call().verdict == GateVerdict::probe);
}

TEST_CASE("breaker: another process takes over the probe when the prober died or overran its deadline")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  Breaker dead_prober(dir, config(), clock, sd::testing::dead_pid());
  Breaker live(dir, config(), clock, current_pid());
  const sd::testing::LiveProcess another;
  Breaker other(dir, config(), clock, another.pid());
  for (int k = 0; k < 3; ++k) {
    live.record_daemon_failure("down");
  }
  clock.advance(900s);
  REQUIRE(dead_prober.before_call().verdict == GateVerdict::probe);
  // Its pid is gone: the next caller becomes the prober, before the deadline.
  const auto takeover = live.before_call();
  CHECK(takeover.verdict == GateVerdict::probe);
  CHECK(takeover.status.prober_pid == current_pid());
  CHECK(other.before_call().verdict == GateVerdict::fail_fast);

  // The live prober goes silent past its deadline: another may probe.
  clock.advance(121s);
  const auto late = other.before_call();
  CHECK(late.verdict == GateVerdict::probe);
  CHECK(late.status.prober_pid == another.pid());
  CHECK(live.before_call().verdict == GateVerdict::fail_fast);
}

TEST_CASE("breaker: reset closes it and records who did it")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  Breaker breaker(dir, config(), clock);
  for (int k = 0; k < 3; ++k) {
    breaker.record_daemon_failure("down");
  }
  clock.advance(5s);
  const auto change = breaker.reset("guard reset by alice");
  CHECK(change.closed());
  CHECK(change.before == BreakerState::open);
  const auto status = breaker.status();
  CHECK(status.state == BreakerState::closed);
  CHECK(status.consecutive_failures == 0);
  CHECK(status.reset_by == "guard reset by alice");
  CHECK(status.reset_at == clock.now());
  CHECK(breaker.before_call().verdict == GateVerdict::allow);
}

TEST_CASE("breaker: a corrupt or truncated state file is reset to closed with a warning, never a crash")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  FakeClock clock;
  Breaker breaker(dir, config(), clock);
  for (int k = 0; k < 3; ++k) {
    breaker.record_daemon_failure("down");
  }
  std::string line;
  std::getline(std::ifstream(temp / "breaker"), line);
  const std::string valid(record_text(line)); // without the padding of the fixed-size record
  INFO(valid);
  CHECK(valid.starts_with("{\"format\":\"safedocker-breaker\",\"v\":1,\"state\":\"open\","));

  for (const auto& bad : {valid.substr(0, valid.size() / 2), std::string("garbage\n"), std::string("\x01\x02\x03"),
                          std::string("{\"format\":\"safedocker-breaker\",\"v\":2}")}) {
    write_file(temp / "breaker", bad);
    CHECK(breaker.status().file == StateFile::reset_corrupt); // reading alone writes nothing
    CHECK(breaker.status().state == BreakerState::closed);
    const auto gate = breaker.before_call();
    CHECK(gate.verdict == GateVerdict::allow);
    CHECK(gate.status.file == StateFile::reset_corrupt);
    CHECK(breaker.status().file == StateFile::ok); // rewritten as closed
  }
  write_file(temp / "breaker", "not json");
  const auto change = breaker.record_daemon_failure("down");
  CHECK(change.file == StateFile::reset_corrupt);
  CHECK(change.consecutive_failures == 1);
}

TEST_CASE("breaker record: round trip and strict decoding")
{
  BreakerRecord record;
  record.state = BreakerState::half_open;
  record.failures = 4;
  record.opened_at_ms = 1'700'000'000'000;
  record.reason = "Cannot connect to the Docker daemon \"quoted\"\nsecond line";
  record.prober_pid = 4242;
  record.probe_deadline_ms = 1'700'000'120'000;
  record.reset_by = "bob";
  record.reset_at_ms = 1'600'000'000'000;
  record.changed_at_ms = 1'700'000'000'001;
  const auto text = encode_breaker_record(record);
  CHECK(text.size() < k_record_bytes);
  CHECK(text.find('\n') == std::string::npos);
  const auto back = decode_breaker_record(text);
  REQUIRE(back.has_value());
  CHECK(back->state == BreakerState::half_open);
  CHECK(back->failures == 4);
  CHECK(back->reason == record.reason);
  CHECK(back->prober_pid == 4242);
  CHECK(back->probe_deadline_ms == record.probe_deadline_ms);
  CHECK(back->reset_by == "bob");

  record.reason = std::string(5000, '\x01'); // escapes to six bytes each: must still fit
  const auto long_text = encode_breaker_record(record);
  CHECK(long_text.size() < k_record_bytes);
  CHECK(decode_breaker_record(long_text).has_value());

  CHECK_FALSE(decode_breaker_record("").has_value());
  CHECK_FALSE(decode_breaker_record("[]").has_value());
  CHECK_FALSE(decode_breaker_record(text.substr(0, text.size() - 1)).has_value());
  auto wrong_state = text;
  wrong_state.replace(wrong_state.find("half-open"), 9, "sideways!");
  CHECK_FALSE(decode_breaker_record(wrong_state).has_value());
}
