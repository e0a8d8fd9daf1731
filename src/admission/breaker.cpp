#include "admission/breaker.hpp"

#include "admission/error.hpp"
#include "util/process_identity.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sd::admission {

namespace {

constexpr std::string_view k_breaker_file = "breaker";
constexpr int k_max_failures = 1'000'000'000;

struct Loaded
{
  BreakerRecord record;
  StateFile file = StateFile::ok;
};

// An empty file (created by a process that has not written yet) or none at all is closed.
Loaded
load(const UniqueFd& fd)
{
  Loaded loaded;
  if (!fd.valid()) {
    return loaded;
  }
  const auto content = read_small_file(fd.get());
  if (content && content->empty()) {
    return loaded;
  }
  const auto record = content ? decode_breaker_record(record_text(*content)) : std::nullopt;
  if (record) {
    loaded.record = *record;
  } else {
    loaded.file = StateFile::reset_corrupt;
  }
  return loaded;
}

Loaded
read_shared(const StateDir& dir)
{
  const UniqueFd fd = dir.open_file(k_breaker_file, OpenFor::reading);
  if (fd.valid()) {
    dir.lock(fd, k_breaker_file, util::FileLock::shared); // a writer's pwrite is not atomic for a concurrent reader
  }
  return load(fd);
}

// The exclusive lock for one read-modify-write; released when this goes out of scope.
class Locked
{
public:
  explicit Locked(const StateDir& dir)
    : m_dir(dir),
      m_fd(dir.open_file(k_breaker_file, OpenFor::updating))
  {
    dir.lock(m_fd, k_breaker_file, util::FileLock::exclusive);
    m_loaded = load(m_fd);
  }

  BreakerRecord& record() { return m_loaded.record; }
  StateFile file() const { return m_loaded.file; }

  void write(const BreakerRecord& record)
  {
    if (!write_record(m_fd.get(), encode_breaker_record(record))) {
      throw AdmissionError("cannot write " + m_dir.file_path(k_breaker_file) + ": " + std::strerror(errno));
    }
  }

private:
  const StateDir& m_dir;
  UniqueFd m_fd;
  Loaded m_loaded;
};

std::optional<std::chrono::system_clock::time_point>
time_or_none(std::int64_t ms)
{
  if (ms == 0) {
    return std::nullopt;
  }
  return from_epoch_ms(ms);
}

/// Closes the breaker in the locked record (a corrupt one starts afresh); returns the state it
/// was in, closed for a file that was missing or corrupt.
BreakerState
close_record(Locked& locked, std::int64_t now_ms)
{
  auto& r = locked.record();
  const BreakerState before = locked.file() == StateFile::ok ? r.state : BreakerState::closed;
  if (locked.file() == StateFile::reset_corrupt) {
    r = BreakerRecord{};
  }
  r.state = BreakerState::closed;
  r.failures = 0;
  r.prober_pid = 0;
  r.probe_deadline_ms = 0;
  r.changed_at_ms = now_ms;
  return before;
}

} // namespace

std::int64_t
current_pid()
{
  return util::own_pid();
}

Breaker::Breaker(const StateDir& dir, BreakerConfig config, Clock& clock, std::int64_t self_pid)
  : m_dir(dir),
    m_config(config),
    m_clock(clock),
    m_self_pid(self_pid)
{
  m_config.failure_threshold = std::max(1, m_config.failure_threshold);
}

BreakerGate
Breaker::before_call()
{
  const std::int64_t now = to_epoch_ms(m_clock.now());
  const std::int64_t open_ms = std::chrono::milliseconds(m_config.open_for).count();
  // A wall clock stepped back behind opened_at must not keep the breaker open for that long:
  // it lets a probe run, and a failing probe opens it again from the new now.
  const auto probe_due = [&](const BreakerRecord& r) {
    return now >= r.opened_at_ms + open_ms || r.opened_at_ms > now;
  };
  const auto other_probing = [&](const BreakerRecord& r) {
    return r.prober_pid != m_self_pid && now < r.probe_deadline_ms && util::process_alive(r.prober_pid);
  };

  // Fast path, shared lock only: the common closed case, and failing fast.
  const Loaded seen = read_shared(m_dir);
  if (seen.file == StateFile::ok) {
    const auto& r = seen.record;
    if (r.state == BreakerState::closed) {
      return {GateVerdict::allow, to_status(r, StateFile::ok)};
    }
    if ((r.state == BreakerState::open && !probe_due(r)) || (r.state == BreakerState::half_open && other_probing(r))) {
      return {GateVerdict::fail_fast, to_status(r, StateFile::ok)};
    }
  }

  Locked locked(m_dir);
  auto& r = locked.record();
  if (locked.file() == StateFile::reset_corrupt) {
    r = BreakerRecord{};
    r.changed_at_ms = now;
    locked.write(r);
    return {GateVerdict::allow, to_status(r, StateFile::reset_corrupt)};
  }
  if (r.state == BreakerState::closed) {
    return {GateVerdict::allow, to_status(r, StateFile::ok)};
  }
  if ((r.state == BreakerState::open && !probe_due(r)) || (r.state == BreakerState::half_open && other_probing(r))) {
    return {GateVerdict::fail_fast, to_status(r, StateFile::ok)};
  }
  r.state = BreakerState::half_open;
  r.prober_pid = m_self_pid;
  r.probe_deadline_ms = now + std::chrono::milliseconds(m_config.probe_timeout).count();
  r.changed_at_ms = now;
  locked.write(r);
  return {GateVerdict::probe, to_status(r, StateFile::ok)};
}

BreakerChange
Breaker::record_success()
{
  const Loaded seen = read_shared(m_dir);
  if (seen.file == StateFile::ok && seen.record.state == BreakerState::closed && seen.record.failures == 0) {
    return {BreakerState::closed, BreakerState::closed, 0, StateFile::ok};
  }
  Locked locked(m_dir);
  const BreakerState before = close_record(locked, to_epoch_ms(m_clock.now()));
  locked.write(locked.record());
  return {before, BreakerState::closed, 0, locked.file()};
}

BreakerChange
Breaker::record_daemon_failure(std::string_view reason)
{
  const std::int64_t now = to_epoch_ms(m_clock.now());
  Locked locked(m_dir);
  auto& r = locked.record();
  if (locked.file() == StateFile::reset_corrupt) {
    r = BreakerRecord{};
  }
  const BreakerState before = r.state;
  r.failures = std::min(r.failures + 1, k_max_failures);
  r.reason = std::string(reason);
  r.changed_at_ms = now;
  const bool opens =
    (before == BreakerState::closed && r.failures >= m_config.failure_threshold) || before == BreakerState::half_open;
  if (opens) {
    r.state = BreakerState::open;
    r.opened_at_ms = now;
    r.prober_pid = 0;
    r.probe_deadline_ms = 0;
  }
  locked.write(r);
  return {before, r.state, r.failures, locked.file()};
}

BreakerChange
Breaker::reset(std::string_view by)
{
  const std::int64_t now = to_epoch_ms(m_clock.now());
  Locked locked(m_dir);
  const BreakerState before = close_record(locked, now);
  auto& r = locked.record();
  r.reset_by = std::string(by);
  r.reset_at_ms = now;
  locked.write(r);
  return {before, BreakerState::closed, 0, locked.file()};
}

BreakerStatus
Breaker::status() const
{
  const Loaded seen = read_shared(m_dir);
  return to_status(seen.file == StateFile::ok ? seen.record : BreakerRecord{}, seen.file);
}

BreakerStatus
Breaker::to_status(const BreakerRecord& record, StateFile file) const
{
  BreakerStatus status;
  status.state = record.state;
  status.consecutive_failures = record.failures;
  status.opened_at = time_or_none(record.opened_at_ms);
  status.last_reason = record.reason;
  if (record.state == BreakerState::open) {
    status.next_probe_at = from_epoch_ms(record.opened_at_ms) + m_config.open_for;
  }
  if (record.state == BreakerState::half_open) {
    status.prober_pid = record.prober_pid;
    status.probe_deadline = time_or_none(record.probe_deadline_ms);
  }
  status.reset_by = record.reset_by;
  status.reset_at = time_or_none(record.reset_at_ms);
  status.file = file;
  return status;
}

} // namespace sd::admission
