#include "coordination/fleet.hpp"

#include "coordination/error.hpp"
#include "util/child_process.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

namespace sd::coordination {

namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

// A waiter looks again at least this often (its heartbeat: the look renews its place), so a
// lost wake-up or a holder killed without a release costs at most this much beyond its lease.
constexpr milliseconds k_max_wait_slice{1000};

// A holder whose renewal failed tries again after this long.
constexpr milliseconds k_renew_retry{200};

std::string
random_hex()
{
  std::random_device device;
  std::uniform_int_distribution<std::uint64_t> pick;
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(pick(device)));
  return text;
}

std::string
member_record(const std::string& host, std::int64_t pid, const std::string& command,
              std::chrono::system_clock::time_point when)
{
  const auto since = std::chrono::duration_cast<milliseconds>(when.time_since_epoch()).count();
  const nlohmann::json record = {{"host", host}, {"pid", pid}, {"command", command}, {"since_ms", since}};
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

FleetMember
parse_member(const std::string& text)
{
  FleetMember member;
  const auto record = nlohmann::json::parse(text, nullptr, false);
  if (!record.is_object()) {
    return member;
  }
  member.host = record.value("host", "");
  member.pid = record.value("pid", std::int64_t{0});
  member.command = record.value("command", "");
  if (const auto since = record.value("since_ms", std::int64_t{0}); since > 0) {
    member.since = std::chrono::system_clock::time_point(milliseconds(since));
  }
  return member;
}

std::vector<FleetMember>
members(const std::vector<std::string>& records)
{
  std::vector<FleetMember> out;
  for (const auto& record : records) {
    out.push_back(parse_member(record));
  }
  return out;
}

// Signals go to the main thread, which forwards them to docker: the renewing thread takes none.
std::vector<int>
hold_signals()
{
  return util::block_process_signals();
}

} // namespace

struct FleetLease::State
{
  std::shared_ptr<FleetBackend> backend;
  std::string token;
  std::string record;
  int slots = 1;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::thread renewer;

  void renew_until_stopped()
  {
    const auto period = backend->fleet().lease / 3;
    auto next = period;
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, next, [this] { return stopping; })) {
      lock.unlock();
      try {
        backend->renew(token, record);
        next = period;
      } catch (const CoordinationError&) {
        // The server is away (restarting?): tried again soon, so that the holder is registered
        // anew well within a third of the lease once it is back.
        next = std::min(period, k_renew_retry);
      }
      lock.lock();
    }
  }
};

FleetLease::FleetLease() = default;

FleetLease::FleetLease(std::shared_ptr<FleetBackend> backend, std::string token, std::string record, int slots)
  : m_state(std::make_unique<State>())
{
  m_state->backend = std::move(backend);
  m_state->token = std::move(token);
  m_state->record = std::move(record);
  m_state->slots = slots;
  const auto previous = hold_signals();
  try {
    m_state->renewer = std::thread([state = m_state.get()] { state->renew_until_stopped(); });
  } catch (const std::system_error&) {
    // No thread to spare: the slot is held for one lease, then the fleet may take it back.
  }
  util::set_blocked_signals(previous);
}

FleetLease::~FleetLease()
{
  release();
}

FleetLease::FleetLease(FleetLease&& other) noexcept = default;

FleetLease&
FleetLease::operator=(FleetLease&& other) noexcept
{
  if (this != &other) {
    release();
    m_state = std::move(other.m_state);
  }
  return *this;
}

void
FleetLease::release()
{
  if (!m_state) {
    return;
  }
  {
    const std::lock_guard lock(m_state->mutex);
    m_state->stopping = true;
  }
  m_state->wake.notify_all();
  if (m_state->renewer.joinable()) {
    m_state->renewer.join();
  }
  try {
    m_state->backend->release(m_state->token, m_state->slots);
  } catch (const CoordinationError&) {
    // Ends with its lease.
  }
  m_state.reset();
}

FleetWait
acquire_fleet_slot(const std::shared_ptr<FleetBackend>& backend, const FleetRequest& request)
{
  const auto& fleet = backend->fleet();
  const auto token = fleet.host_id + "/" + std::to_string(request.pid) + "/" + random_hex();
  const auto record = member_record(fleet.host_id, request.pid, request.command, std::chrono::system_clock::now());
  const auto started = SteadyClock::now();
  const auto slice = std::min(k_max_wait_slice, fleet.lease / 3);
  FleetWait wait;
  for (;;) {
    const auto look = backend->look(token, request.slots, record);
    wait.waited = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started);
    wait.ticket = look.ticket;
    if (look.granted) {
      const auto granted = std::chrono::system_clock::time_point(milliseconds(look.now_ms));
      wait.lease =
        FleetLease(backend, token, member_record(fleet.host_id, request.pid, request.command, granted), request.slots);
      return wait;
    }
    wait.waiters_ahead = look.ahead;
    if (request.progress) {
      request.progress(wait.waited, wait.waiters_ahead);
    }
    const auto left = request.timeout - wait.waited;
    if (left.count() <= 0) {
      backend->release(token, request.slots);
      wait.holders = view_fleet(*backend).holders;
      return wait;
    }
    backend->wait_for_turn(token, std::min(slice, left));
  }
}

milliseconds
reserve_fleet_turn(FleetBackend& backend, milliseconds interval)
{
  return interval.count() <= 0 ? milliseconds(0) : backend.reserve_turn(interval);
}

FleetView
view_fleet(FleetBackend& backend)
{
  const auto [holders, waiters] = backend.members();
  return {members(holders), members(waiters)};
}

} // namespace sd::coordination
