#include "admission/slots.hpp"

#include "admission/error.hpp"
#include "util/process_identity.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

namespace sd::admission {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr std::string_view k_queue_file = "queue";
constexpr std::string_view k_slot_prefix = "slot.";
constexpr std::string_view k_waiter_prefix = "waiter.";
constexpr std::string_view k_tmp_suffix = ".tmp";

std::string
slot_name(int slot)
{
  return std::string(k_slot_prefix) + std::to_string(slot);
}

std::string
waiter_name(std::uint64_t ticket)
{
  return std::string(k_waiter_prefix) + std::to_string(ticket);
}

// "waiter.T" or "waiter.T.tmp" → T; anything else → nullopt.
std::optional<std::uint64_t>
waiter_ticket(std::string_view name, bool* is_tmp)
{
  if (!name.starts_with(k_waiter_prefix)) {
    return std::nullopt;
  }
  name.remove_prefix(k_waiter_prefix.size());
  *is_tmp = name.ends_with(k_tmp_suffix);
  if (*is_tmp) {
    name.remove_suffix(k_tmp_suffix.size());
  }
  std::uint64_t ticket = 0;
  const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), ticket);
  if (error != std::errc() || end != name.data() + name.size() || name.empty()) {
    return std::nullopt;
  }
  return ticket;
}

// The holder record: one JSON object; a long command is shortened until the record fits.
std::string
holder_record(std::string command)
{
  const auto since =
    std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  while (true) {
    const nlohmann::json record = {{"pid", util::own_pid()}, {"command", command}, {"since_ms", since}};
    auto text = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() < k_record_bytes || command.empty()) {
      return text;
    }
    command.resize(command.size() / 2);
    command += "…";
  }
}

SlotHolder
parse_holder(int slot, std::string_view content)
{
  SlotHolder holder;
  holder.slot = slot;
  const auto record = nlohmann::json::parse(record_text(content), nullptr, false);
  if (!record.is_object()) {
    return holder;
  }
  if (const auto pid = record.find("pid"); pid != record.end() && pid->is_number_integer()) {
    holder.pid = pid->get<std::int64_t>();
  }
  if (const auto command = record.find("command"); command != record.end() && command->is_string()) {
    holder.command = command->get<std::string>();
  }
  if (const auto since = record.find("since_ms"); since != record.end() && since->is_number_integer()) {
    holder.since = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(milliseconds(since->get<std::int64_t>())));
  }
  return holder;
}

enum class Liveness : std::uint8_t { live, dead };

// A waiter file is live while its owner holds the exclusive flock; one that can be locked is
// the leftover of a dead waiter. Removing it is safe: ticket numbers are never reused.
Liveness
waiter_liveness(const StateDir& dir, const std::string& name)
{
  const UniqueFd fd = dir.open_file(name, OpenFor::reading);
  if (!fd.valid()) {
    return Liveness::dead; // already gone
  }
  if (!dir.try_lock(fd, name, util::FileLock::shared)) {
    return Liveness::live;
  }
  dir.remove(name); // may fail in a sticky directory (another user's file): still dead
  return Liveness::dead;
}

struct QueueScan
{
  int live = 0;                              ///< live waiters (below the limit, when one is given)
  std::uint64_t next_ticket = 0;             ///< one past every ticket seen, tmp files included
  std::optional<std::uint64_t> nearest_live; ///< the highest live ticket below the limit
};

enum class TmpFiles : std::uint8_t { keep, remove };

// TmpFiles::remove only under the queue lock: a waiter.T.tmp exists only while its creator
// holds that lock, so one seen by the lock holder is a dead creator's leftover.
QueueScan
scan_queue(const StateDir& dir, std::optional<std::uint64_t> below, TmpFiles tmp_files)
{
  QueueScan scan;
  for (const auto& name : dir.list()) {
    bool is_tmp = false;
    const auto ticket = waiter_ticket(name, &is_tmp);
    if (!ticket) {
      continue;
    }
    scan.next_ticket = std::max(scan.next_ticket, *ticket + 1);
    if (is_tmp) {
      if (tmp_files == TmpFiles::remove) {
        dir.remove(name);
      }
      continue;
    }
    if (below && *ticket >= *below) {
      continue;
    }
    if (waiter_liveness(dir, name) == Liveness::live) {
      ++scan.live;
      scan.nearest_live = std::max(scan.nearest_live.value_or(0), *ticket);
    }
  }
  return scan;
}

// Slot files are opened on first use: on the fast path the first free slot is often slot.0.
UniqueFd&
slot_file(const StateDir& dir, std::vector<UniqueFd>& slots, std::size_t k)
{
  if (!slots[k].valid()) {
    slots[k] = dir.open_file(slot_name(static_cast<int>(k)), OpenFor::updating);
  }
  return slots[k];
}

void
open_slot_files(const StateDir& dir, std::vector<UniqueFd>& slots)
{
  for (std::size_t k = 0; k < slots.size(); ++k) {
    slot_file(dir, slots, k);
  }
}

// The slot files tried but not taken stay open in the lease: closing them now would wake the
// next head (it watches slot files for a close) for nothing, just as this call starts docker.
SlotLease
try_slots(const StateDir& dir, std::vector<UniqueFd>& slots, const std::string& record)
{
  for (std::size_t k = 0; k < slots.size(); ++k) {
    const auto& fd = slot_file(dir, slots, k);
    const auto name = slot_name(static_cast<int>(k));
    if (dir.try_lock(fd, name, util::FileLock::exclusive)) {
      (void)write_record(fd.get(), record); // informational: the lock is what counts
      UniqueFd held = std::move(slots[k]);
      return SlotLease(std::move(held), static_cast<int>(k), std::move(slots),
                       ChangeNotice(dir, name, FileChange::closed));
    }
  }
  return {};
}

std::uint64_t
issue_ticket(const StateDir& dir, const UniqueFd& queue, std::uint64_t next_seen)
{
  std::uint64_t counter = 0;
  if (const auto content = read_small_file(queue.get())) {
    const auto text = record_text(*content);
    std::from_chars(text.data(), text.data() + text.size(), counter); // garbage → 0
  }
  const std::uint64_t ticket = std::max(counter, next_seen);
  if (!write_record(queue.get(), std::to_string(ticket + 1))) {
    throw AdmissionError("cannot write " + dir.file_path(k_queue_file) + ": " + std::strerror(errno));
  }
  return ticket;
}

// Creates waiter.T already locked: created and locked as waiter.T.tmp, then renamed, so no
// other process can ever see waiter.T unlocked while its owner lives. It holds the waiter's
// record, as a slot file holds its holder's: who waits, for a view of the queue and for the
// waiter behind, which on Windows waits on this process's handle.
UniqueFd
enqueue(const StateDir& dir, std::uint64_t ticket, const std::string& record)
{
  const auto name = waiter_name(ticket);
  const auto tmp = name + std::string(k_tmp_suffix);
  UniqueFd fd = dir.open_file(tmp, OpenFor::creating);
  dir.lock(fd, tmp, util::FileLock::exclusive);
  (void)write_record(fd.get(), record); // informational, as a holder's
  dir.rename(tmp, name);
  return fd;
}

milliseconds
since(steady_clock::time_point start)
{
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
}

} // namespace

SlotLease::SlotLease(UniqueFd fd, int slot, std::vector<UniqueFd> kept_open, ChangeNotice freed)
  : m_kept_open(std::move(kept_open)),
    m_fd(std::move(fd)),
    m_slot(slot),
    m_freed(std::move(freed))
{}

SlotLease::SlotLease(SlotLease&& other) noexcept
  : m_kept_open(std::move(other.m_kept_open)),
    m_fd(std::move(other.m_fd)),
    m_slot(std::exchange(other.m_slot, -1)),
    m_freed(std::move(other.m_freed))
{}

SlotLease&
SlotLease::operator=(SlotLease&& other) noexcept
{
  if (this != &other) {
    release();
    m_kept_open = std::move(other.m_kept_open);
    m_fd = std::move(other.m_fd);
    m_slot = std::exchange(other.m_slot, -1);
    m_freed = std::move(other.m_freed);
  }
  return *this;
}

void
SlotLease::keep_open(UniqueFd fd)
{
  m_kept_open.push_back(std::move(fd));
}

void
SlotLease::release()
{
  if (m_fd.valid()) {
    m_fd.reset(); // first: the next head wakes as early as possible
    m_freed.give();
  }
  m_kept_open.clear(); // may take a while (see the class comment)
  m_slot = -1;
}

SlotWait
acquire_slot(const StateDir& dir, const SlotRequest& request)
{
  const int slots = std::max(1, request.slots);
  const auto start = steady_clock::now();
  const auto deadline = start + std::max(request.timeout, milliseconds(0));
  const auto record = holder_record(request.command);
  // Opened on first try and kept for the whole wait: trying a slot must not open and close
  // files, which would wake the other waiters (and this one) through their watches.
  std::vector<UniqueFd> slot_fds(static_cast<std::size_t>(slots));

  SlotWait result;
  UniqueFd waiter;
  {
    const UniqueFd queue = dir.open_file(k_queue_file, OpenFor::updating);
    dir.lock(queue, k_queue_file, util::FileLock::exclusive);
    const auto scan = scan_queue(dir, std::nullopt, TmpFiles::remove);
    if (scan.live == 0) {
      result.lease = try_slots(dir, slot_fds, record);
      if (result.lease.held()) {
        result.waited = since(start);
        return result;
      }
    }
    result.route = SlotRoute::queued;
    result.ticket = issue_ticket(dir, queue, scan.next_ticket);
    waiter = enqueue(dir, result.ticket, record);
  } // the queue lock is released here

  const auto own_name = waiter_name(result.ticket);
  std::vector<std::string> slot_names;
  for (int k = 0; k < slots; ++k) {
    slot_names.push_back(slot_name(k));
  }
  // Each watch is set before the check it guards, so no change after that check is missed.
  ChangeWaiter watch;
  while (true) {
    const auto scan = scan_queue(dir, result.ticket, TmpFiles::keep);
    const int ahead = scan.live;
    if (ahead == 0) {
      open_slot_files(dir, slot_fds); // a slot file must exist to be watched
      watch.follow(dir, slot_names, FileChange::closed);
      result.lease = try_slots(dir, slot_fds, record);
      if (result.lease.held()) {
        break;
      }
    } else {
      const auto next_ahead = waiter_name(*scan.nearest_live);
      if (!watch.follow(dir, {next_ahead}, FileChange::left) || waiter_liveness(dir, next_ahead) == Liveness::dead) {
        continue; // it went before the watch was set
      }
    }
    if (request.progress) {
      request.progress(since(start), ahead);
    }
    const auto now = steady_clock::now();
    if (now >= deadline) {
      result.holders = list_holders(dir, slots);
      result.waiters_ahead = ahead;
      break;
    }
    watch.wait(std::min(k_slot_recheck, std::chrono::ceil<milliseconds>(deadline - now)));
  }
  dir.remove(own_name); // then the descriptor closes: the next waiter becomes the head
  waiter.reset();
  ChangeNotice(dir, own_name, FileChange::left).give();
  if (result.lease.held()) {
    result.lease.keep_open(watch.take());
  }
  result.waited = since(start);
  return result;
}

std::vector<SlotHolder>
list_holders(const StateDir& dir, int slots)
{
  std::vector<SlotHolder> holders;
  for (int k = 0; k < slots; ++k) {
    const auto name = slot_name(k);
    const UniqueFd fd = dir.open_file(name, OpenFor::reading);
    if (!fd.valid() || dir.try_lock(fd, name, util::FileLock::shared)) {
      continue; // free, whatever stale record it holds
    }
    holders.push_back(parse_holder(k, read_small_file(fd.get()).value_or("")));
  }
  return holders;
}

int
count_waiters(const StateDir& dir)
{
  return scan_queue(dir, std::nullopt, TmpFiles::keep).live;
}

std::int64_t
recorded_pid(std::string_view content)
{
  return parse_holder(-1, content).pid;
}

} // namespace sd::admission
