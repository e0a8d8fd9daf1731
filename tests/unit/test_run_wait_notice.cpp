#include "run/wait_notice.hpp"
#include "test_admission_support.hpp"
#include "util/duration.hpp"
#include "util/utf8.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace std::chrono_literals;
using sd::admission::SlotHolder;
using sd::admission::testing::FakeClock;
using namespace sd::run;

namespace {

struct Screen
{
  std::string text;
  int list_calls = 0;

  NoticeSink sink(bool terminal, int columns = 0)
  {
    return {[this](std::string_view more) { text += more; },
            [terminal, columns] {
              return StreamView{terminal, columns};
            }};
  }

  HolderList holders(const FakeClock& clock)
  {
    return [this, &clock] {
      ++list_calls;
      return std::vector<SlotHolder>{{0, 4242, "docker run --rm busybox sleep 30", clock.now() - 12s},
                                     {1, 4243, "docker build .", clock.now() - 3s}};
    };
  }

  std::size_t count(std::string_view what) const
  {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
      ++n;
    }
    return n;
  }
};

const SlotWaitFacts k_facts{"unix:/run/docker.sock", 2, 600};

} // namespace

TEST_CASE("wait notice: without a terminal, one line after the delay, one more every 30 s, one when the call starts")
{
  FakeClock clock;
  Screen screen;
  SlotWaitNotice notice(screen.sink(false), 2000ms, k_facts, screen.holders(clock), clock);
  notice.update(100ms, 1);
  notice.update(1900ms, 1);
  CHECK(screen.text.empty()); // a short wait says nothing
  CHECK_FALSE(notice.shown());
  notice.update(2000ms, 1);
  CHECK(screen.count("\n") == 1);
  CHECK(screen.text.find("safedocker: waiting 2.0s for a slot of unix:/run/docker.sock, 2nd in line") == 0);
  CHECK(screen.text.find(
          "2 of 2 in use by pid 4242 (docker run --rm busybox sleep 30, for 12s), pid 4243 (docker build ., for 3.0s)")
        != std::string::npos);
  CHECK(screen.text.find("gives up after 600s (limits.acquire_timeout)") != std::string::npos);
  CHECK(screen.text.find('\r') == std::string::npos);
  for (auto t = 2100ms; t < 32000ms; t += 100ms) {
    notice.update(t, 0);
  }
  CHECK(screen.count("\n") == 1); // no flood
  notice.update(32000ms, 0);
  CHECK(screen.count("\n") == 2);
  CHECK(screen.text.find("waiting 32s for a slot of unix:/run/docker.sock, next in line") != std::string::npos);
  CHECK(screen.list_calls == 2); // the holders are read for each line, not at every check
  notice.finish(33500ms, 1);
  CHECK(screen.count("\n") == 3);
  CHECK(screen.text.ends_with("safedocker: waited 33s for slot 1 of unix:/run/docker.sock; docker runs\n"));
}

TEST_CASE("wait notice: on a terminal, one line redrawn in place, fitted to the width, finished when the call starts")
{
  FakeClock clock;
  Screen screen;
  SlotWaitNotice notice(screen.sink(true, 130), 2000ms, k_facts, screen.holders(clock), clock);
  notice.update(1000ms, 2);
  CHECK(screen.text.empty());
  notice.update(2000ms, 2);
  notice.update(2040ms, 2); // same text: not drawn again
  CHECK(screen.count("\r\x1b[K") == 1);
  notice.update(3000ms, 1);
  notice.update(4000ms, 0);
  CHECK(screen.count("\r\x1b[K") == 3);
  CHECK(screen.text.find('\n') == std::string::npos); // one line, kept in place
  // Every drawing fits one row of 130 columns (one left free for the cursor).
  for (auto at = screen.text.find("\r\x1b[K"); at != std::string::npos;) {
    const auto next = screen.text.find("\r\x1b[K", at + 1);
    const auto drawn = screen.text.substr(at + 4, next == std::string::npos ? std::string::npos : next - at - 4);
    CHECK(sd::util::fit_columns(drawn, 129) == drawn);
    at = next;
  }
  CHECK(screen.text.find("3rd in line") != std::string::npos);
  CHECK(screen.text.find("2 of 2 in use by pids 4242, 4243; Ctrl-C to give up")
        != std::string::npos); // commands gave way
  CHECK(screen.text.find("next in line") != std::string::npos);
  notice.finish(4200ms, 0);
  CHECK(screen.text.ends_with("\r\x1b[Ksafedocker: waited 4.2s for slot 0 of unix:/run/docker.sock; docker runs\n"));
}

TEST_CASE("wait notice: a wide terminal shows the holders' commands")
{
  FakeClock clock;
  Screen screen;
  SlotWaitNotice notice(screen.sink(true, 220), 0ms, k_facts, screen.holders(clock), clock);
  notice.update(0ms, 0);
  CHECK(
    screen.text
    == "\r\x1b[Ksafedocker: waiting 0.0s for a slot of unix:/run/docker.sock, next in line; 2 of 2 in use by pid 4242 "
       "(docker run --rm busybox sleep 30, for 12s), pid 4243 (docker build ., for 3.0s); Ctrl-C to give up");
}

TEST_CASE("wait notice: a wait that gives up erases the terminal line; off and unshown notices print nothing")
{
  FakeClock clock;
  SUBCASE("given up on a terminal: the line is erased for the refusal's message")
  {
    Screen screen;
    SlotWaitNotice notice(screen.sink(true, 200), 0ms, k_facts, screen.holders(clock), clock);
    notice.update(0ms, 0);
    CHECK(notice.shown());
    notice.finish(600000ms, -1);
    CHECK(screen.text.ends_with("\r\x1b[K"));
    CHECK(screen.text.find('\n') == std::string::npos);
  }
  SUBCASE("off: never")
  {
    Screen screen;
    SlotWaitNotice notice(screen.sink(false), std::nullopt, k_facts, screen.holders(clock), clock);
    notice.update(3600000ms, 5);
    notice.finish(3600000ms, 1);
    CHECK(screen.text.empty());
    CHECK(screen.list_calls == 0);
  }
  SUBCASE("a call that did not wait long enough prints nothing when it starts")
  {
    Screen screen;
    SlotWaitNotice notice(screen.sink(false), 2000ms, k_facts, screen.holders(clock), clock);
    notice.update(500ms, 0);
    notice.finish(600ms, 2);
    CHECK(screen.text.empty());
  }
  SUBCASE("0: at once")
  {
    Screen screen;
    SlotWaitNotice notice(screen.sink(false), 0ms, k_facts, screen.holders(clock), clock);
    notice.update(0ms, 0);
    CHECK(screen.count("\n") == 1);
  }
}

TEST_CASE("wait notice: the rate limit's line and the late line of a slow step")
{
  CHECK(rate_wait_line(2000ms, 1999ms, "unix:/run/docker.sock", 5000).empty());
  CHECK(rate_wait_line(std::nullopt, 60000ms, "unix:/run/docker.sock", 60000).empty());
  CHECK(rate_wait_line(0ms, 0ms, "unix:/run/docker.sock", 5000).empty()); // no wait at all
  CHECK(rate_wait_line(2000ms, 3200ms, "unix:/run/docker.sock", 5000)
        == "safedocker: waiting 3.2s for the rate limit of unix:/run/docker.sock (limits.min_interval_ms = 5000)\n");

  std::string written;
  const NoticeSink sink{[&written](std::string_view more) { written += more; }, [] { return StreamView{}; }};
  {
    const LateLine never(sink, std::nullopt, "never\n");
    const LateLine soon(sink, 0ms, "at once\n");
    CHECK(written == "at once\n");
    const LateLine late(sink, std::chrono::milliseconds(3600000), "an hour later\n");
  } // the step ended long before the hour: its line is never written
  CHECK(written == "at once\n");
}

TEST_CASE("wait notice: waited times, fitted lines and the notice_after values")
{
  CHECK(waited_text(0ms) == "0.0s");
  CHECK(waited_text(1250ms) == "1.2s");
  CHECK(waited_text(42000ms) == "42s");
  CHECK(waited_text(192000ms) == "3m12s");
  CHECK(waited_text(3723000ms) == "1h2m");

  CHECK(sd::util::fit_columns("abcdef", 6) == "abcdef");
  CHECK(sd::util::fit_columns("abcdefg", 6) == "abcde\u2026");
  CHECK(sd::util::fit_columns("h\u00e9llo w\u00f6rld", 7) == "h\u00e9llo \u2026"); // characters, not bytes
  CHECK(sd::util::fit_columns("abc", 0).empty());

  CHECK(sd::util::parse_delay("off")->off);
  CHECK(sd::util::parse_delay("0")->after == 0s);
  CHECK(sd::util::parse_delay("2s")->after == 2s);
  CHECK(sd::util::parse_delay("1m")->after == 60s);
  CHECK_FALSE(sd::util::parse_delay("2"));
  CHECK_FALSE(sd::util::parse_delay("Off"));
  CHECK_FALSE(sd::util::parse_delay(""));
  CHECK_FALSE(sd::util::parse_delay("-1s"));
}
