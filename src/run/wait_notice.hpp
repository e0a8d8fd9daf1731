#pragma once

#include "admission/clock.hpp"
#include "admission/slots.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

// A call that waits says what it waits for. A silent wait looks like a hung docker, and people
// kill the job; safedocker knows what the call waits for and who holds it, so after
// limits.notice_after it says so on stderr (never stdout):
//  - on a terminal, one line redrawn in place (elapsed time, place in the queue), finished with
//    the time waited when the call starts;
//  - elsewhere (CI logs), one line, then one more every k_notice_repeat while the wait lasts,
//    and one when the call starts.
// A call that does not wait that long prints nothing.

namespace sd::run {

/// When waits are announced (limits.notice_after): after this long; nullopt: never.
using NoticeDelay = std::optional<std::chrono::milliseconds>;

/// Without a terminal, how often a long wait repeats its line.
constexpr std::chrono::seconds k_notice_repeat{30};

/// On a terminal, how often the holders shown are read again.
constexpr std::chrono::seconds k_holders_refresh{5};

/// What a notice's stream is.
struct StreamView
{
  bool terminal = false; ///< a person watches: lines are redrawn in place
  int columns = 0;       ///< the terminal's width; 0: unknown (80)
};

/// Where notices go.
struct NoticeSink
{
  std::function<void(std::string_view)> write; ///< appends text
  std::function<StreamView()> view;            ///< asked only once something is shown
};

/// stderr. Whether it is a terminal is asked only when a notice is shown: a call that does
/// not wait pays nothing for it.
NoticeSink stderr_sink();

/// The columns a line may take on a terminal of `view`: one row, never wrapped (a wrapped
/// line could not be redrawn in place).
std::size_t line_columns(const StreamView& view);

/// What a slot wait's notice names.
struct SlotWaitFacts
{
  std::string daemon;               ///< the daemon key
  int slots = 1;                    ///< limits.max_concurrent
  std::int64_t timeout_seconds = 0; ///< limits.acquire_timeout (or the caller's own)
};

/// Reads who holds the slots now (admission::list_holders of the daemon's directory).
using HolderList = std::function<std::vector<admission::SlotHolder>()>;

/// finish()'s slot for a slot of the fleet (coordination.backend = redis): it has no number.
constexpr int k_fleet_slot = 1 << 30;

/// The notice of one slot wait, fed by the wait's progress.
class SlotWaitNotice
{
public:
  SlotWaitNotice(NoticeSink sink, NoticeDelay delay, SlotWaitFacts facts, HolderList holders,
                 const admission::Clock& clock);

  /// The wait goes on: `waited` so far, `ahead` live waiters ahead of this one.
  void update(std::chrono::milliseconds waited, int ahead);

  /// The wait ended after `waited`: with slot `slot`, or with none (-1: the call gives up).
  void finish(std::chrono::milliseconds waited, int slot);

  /// Whether anything was printed.
  bool shown() const { return m_shown; }

private:
  enum class HolderDetail : std::uint8_t { commands, pids };
  std::string line(std::chrono::milliseconds waited, int ahead, HolderDetail detail) const;
  void read_holders(std::chrono::milliseconds waited);

  NoticeSink m_sink;
  StreamView m_view; ///< asked at the first notice
  NoticeDelay m_delay;
  SlotWaitFacts m_facts;
  HolderList m_list;
  const admission::Clock& m_clock;
  bool m_shown = false;
  std::chrono::milliseconds m_last_line{0}; ///< without a terminal: when the last line was written
  std::optional<std::chrono::milliseconds> m_holders_read;
  std::vector<admission::SlotHolder> m_holders;
  std::string m_drawn; ///< on a terminal: the text on screen
};

/// The rate limit's notice: one line, when `wait` reaches `delay`; empty otherwise.
std::string rate_wait_line(const NoticeDelay& delay, std::chrono::milliseconds wait, std::string_view daemon,
                           std::int64_t min_interval_ms);

/// Writes `line` to `sink` once `delay` has passed, unless destroyed first: for a step that
/// is usually quick and cannot report progress itself (the half-open probe). A delay of 0
/// writes at once; nullopt never. The line is written from a thread of its own.
class LateLine
{
public:
  LateLine(NoticeSink sink, NoticeDelay delay, std::string line);
  ~LateLine();
  LateLine(const LateLine&) = delete;
  LateLine& operator=(const LateLine&) = delete;

private:
  std::mutex m_mutex;
  std::condition_variable m_done_changed;
  bool m_done = false;
  std::thread m_thread;
};

/// "1.3s", "42s", "3m12s": a waited time as the notices write it.
std::string waited_text(std::chrono::milliseconds waited);

} // namespace sd::run
