#include "run/wait_notice.hpp"

#include "admission/error.hpp"
#include "util/terminal.hpp"
#include "util/utf8.hpp"

#include <cstdio>
#include <system_error>
#include <unistd.h>

namespace sd::run {

namespace {

using std::chrono::milliseconds;

// A holder's command as the notice shows it: long ones shortened, so that three holders still
// make a readable line.
constexpr std::size_t k_command_columns = 60;

// Erases the terminal line the cursor is on.
constexpr std::string_view k_erase_line = "\r\x1b[K";

std::string
place_text(int ahead)
{
  if (ahead <= 0) {
    return "next in line";
  }
  const int place = ahead + 1;
  const int tens = place % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : place % 10 == 1          ? "st"
                       : place % 10 == 2          ? "nd"
                       : place % 10 == 3          ? "rd"
                                                  : "th";
  return std::to_string(place) + suffix + " in line";
}

} // namespace

NoticeSink
stderr_sink()
{
  NoticeSink sink;
  sink.write = [](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
  };
  sink.view = [] {
    StreamView view;
    view.terminal = util::is_terminal(STDERR_FILENO);
    view.columns = view.terminal ? util::terminal_columns(STDERR_FILENO) : 0;
    return view;
  };
  return sink;
}

std::size_t
line_columns(const StreamView& view)
{
  return static_cast<std::size_t>(view.columns > 1 ? view.columns - 1 : 79);
}

std::string
waited_text(milliseconds waited)
{
  const auto ms = waited.count();
  if (ms < 10000) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(ms) / 1000.0);
    return text;
  }
  const auto seconds = ms / 1000;
  if (seconds < 60) {
    return std::to_string(seconds) + "s";
  }
  if (seconds < 3600) {
    return std::to_string(seconds / 60) + "m" + std::to_string(seconds % 60) + "s";
  }
  return std::to_string(seconds / 3600) + "h" + std::to_string(seconds / 60 % 60) + "m";
}

SlotWaitNotice::SlotWaitNotice(NoticeSink sink, NoticeDelay delay, SlotWaitFacts facts, HolderList holders,
                               const admission::Clock& clock)
  : m_sink(std::move(sink)),
    m_delay(delay),
    m_facts(std::move(facts)),
    m_list(std::move(holders)),
    m_clock(clock)
{}

void
SlotWaitNotice::read_holders(milliseconds waited)
{
  try {
    m_holders = m_list ? m_list() : std::vector<admission::SlotHolder>{};
  } catch (const admission::AdmissionError&) {
    m_holders.clear(); // the notice goes on without them; the wait reports the state file
  }
  m_holders_read = waited;
}

std::string
SlotWaitNotice::line(milliseconds waited, int ahead, HolderDetail detail) const
{
  std::string text = "safedocker: waiting " + waited_text(waited) + " for a slot of " + m_facts.daemon + ", "
                     + place_text(ahead) + "; " + std::to_string(m_holders.size()) + " of "
                     + std::to_string(m_facts.slots) + " in use";
  const auto now = m_clock.now();
  for (std::size_t k = 0; k < m_holders.size(); ++k) {
    const auto& holder = m_holders[k];
    if (detail == HolderDetail::pids) {
      text += (k == 0 ? " by pids " : ", ") + std::to_string(holder.pid);
      continue;
    }
    text += (k == 0 ? " by pid " : ", pid ") + std::to_string(holder.pid) + " ("
            + util::fit_columns(holder.command, k_command_columns);
    if (holder.since && *holder.since <= now) {
      text += ", for " + waited_text(std::chrono::duration_cast<milliseconds>(now - *holder.since));
    }
    text += ")";
  }
  if (m_view.terminal) {
    return text + "; Ctrl-C to give up";
  }
  return text + "; gives up after " + std::to_string(m_facts.timeout_seconds)
         + "s (limits.acquire_timeout), or interrupt it to give up now";
}

void
SlotWaitNotice::update(milliseconds waited, int ahead)
{
  if (!m_delay || waited < *m_delay || !m_sink.write) {
    return;
  }
  if (!m_shown && m_sink.view) {
    m_view = m_sink.view();
  }
  if (!m_view.terminal) {
    if (m_shown && waited - m_last_line < k_notice_repeat) {
      return;
    }
    read_holders(waited);
    m_sink.write(line(waited, ahead, HolderDetail::commands) + "\n");
    m_shown = true;
    m_last_line = waited;
    return;
  }
  if (!m_holders_read || waited - *m_holders_read >= k_holders_refresh) {
    read_holders(waited);
  }
  // On a narrow terminal the holders' commands give way first, then whatever does not fit.
  const auto columns = line_columns(m_view);
  auto text = line(waited, ahead, HolderDetail::commands);
  if (util::fit_columns(text, columns) != text) {
    text = util::fit_columns(line(waited, ahead, HolderDetail::pids), columns);
  }
  if (text != m_drawn) {
    m_sink.write(std::string(k_erase_line) + text);
    m_drawn = std::move(text);
  }
  m_shown = true;
}

void
SlotWaitNotice::finish(milliseconds waited, int slot)
{
  if (!m_shown) {
    return;
  }
  if (slot < 0) {
    if (m_view.terminal) {
      m_sink.write(k_erase_line); // the refusal's own message follows
    }
    return;
  }
  const std::string done = "safedocker: waited " + waited_text(waited)
                           + (slot == k_fleet_slot ? " for a slot of " : " for slot " + std::to_string(slot) + " of ")
                           + m_facts.daemon + "; docker runs\n";
  m_sink.write(m_view.terminal ? std::string(k_erase_line) + done : done);
}

std::string
rate_wait_line(const NoticeDelay& delay, milliseconds wait, std::string_view daemon, std::int64_t min_interval_ms)
{
  if (!delay || wait.count() <= 0 || wait < *delay) {
    return {};
  }
  return "safedocker: waiting " + waited_text(wait) + " for the rate limit of " + std::string(daemon)
         + " (limits.min_interval_ms = " + std::to_string(min_interval_ms) + ")\n";
}

LateLine::LateLine(NoticeSink sink, NoticeDelay delay, std::string line)
{
  if (!delay || !sink.write) {
    return;
  }
  if (delay->count() <= 0) {
    sink.write(line);
    return;
  }
  try {
    m_thread = std::thread([this, sink = std::move(sink), delay = *delay, line = std::move(line)] {
      std::unique_lock lock(m_mutex);
      if (!m_done_changed.wait_for(lock, delay, [this] { return m_done; })) {
        sink.write(line);
      }
    });
  } catch (const std::system_error&) {
    // No thread to spare: the step runs without its notice.
  }
}

LateLine::~LateLine()
{
  if (m_thread.joinable()) {
    {
      const std::lock_guard lock(m_mutex);
      m_done = true;
    }
    m_done_changed.notify_one();
    m_thread.join();
  }
}

} // namespace sd::run
