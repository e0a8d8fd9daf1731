#include "coordination/fleet.hpp"

#include "admission/daemon_key.hpp"
#include "coordination/error.hpp"
#include "coordination/fleet_scripts.hpp"
#include "util/child_process.hpp"

#include <algorithm>
#include <csignal>
#include <nlohmann/json.hpp>
#include <random>

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

std::int64_t
integer_at(const RedisReply& reply, std::size_t index)
{
  if (reply.kind != RedisReply::Kind::array || reply.elements.size() <= index
      || reply.elements[index].kind != RedisReply::Kind::integer) {
    throw CoordinationError("Redis answered a script with something unexpected");
  }
  return reply.elements[index].integer;
}

std::vector<FleetMember>
members(const RedisReply& list)
{
  std::vector<FleetMember> out;
  for (const auto& item : list.elements) {
    out.push_back(parse_member(item.text));
  }
  return out;
}

// Signals go to the main thread, which forwards them to docker: the renewing thread takes none.
std::vector<int>
hold_signals()
{
  return util::block_signals(
    {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD, SIGPIPE, SIGTSTP, SIGCONT, SIGALRM});
}

} // namespace

FleetClient::FleetClient(Fleet fleet)
  : m_fleet(std::move(fleet)),
    m_prefix("safedocker:{" + admission::daemon_dir_name(m_fleet.daemon) + "}:")
{
  connection();
}

RedisConnection&
FleetClient::connection()
{
  if (!m_connection) {
    m_connection = std::make_unique<RedisConnection>(m_fleet.target);
  }
  return *m_connection;
}

std::vector<std::string>
FleetClient::queue_keys() const
{
  return {m_prefix + "holders", m_prefix + "info", m_prefix + "queue", m_prefix + "waiting", m_prefix + "ticket"};
}

RedisReply
FleetClient::eval(std::string_view script, const std::vector<std::string>& keys, const std::vector<std::string>& args)
{
  const std::lock_guard lock(m_mutex);
  try {
    const auto started = SteadyClock::now();
    auto reply = connection().eval(std::string(script), keys, args);
    m_latency = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started);
    return reply;
  } catch (const CoordinationError&) {
    m_connection.reset();
    throw;
  }
}

RedisReply
FleetClient::command(const std::vector<std::string>& argv)
{
  const std::lock_guard lock(m_mutex);
  try {
    const auto started = SteadyClock::now();
    auto reply = connection().command(argv);
    m_latency = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started);
    if (reply.kind == RedisReply::Kind::error) {
      throw CoordinationError("Redis at " + m_connection->server() + ": " + argv.front() + ": " + reply.text);
    }
    return reply;
  } catch (const CoordinationError&) {
    m_connection.reset();
    throw;
  }
}

bool
FleetClient::wait_for_wake(const std::string& key, milliseconds wait)
{
  const std::lock_guard lock(m_mutex);
  try {
    // BLPOP takes seconds with decimals (Redis 6 and later).
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f",
                  static_cast<double>(std::max<std::int64_t>(wait.count(), 1)) / 1000.0);
    const auto reply = connection().command({"BLPOP", key, seconds}, wait);
    if (reply.kind == RedisReply::Kind::error) {
      throw CoordinationError("Redis at " + m_connection->server() + ": BLPOP: " + reply.text);
    }
    return reply.kind == RedisReply::Kind::array;
  } catch (const CoordinationError&) {
    m_connection.reset();
    throw;
  }
}

struct FleetLease::State
{
  std::shared_ptr<FleetClient> client;
  std::string token;
  std::string record;
  int slots = 1;
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::thread renewer;

  void renew_until_stopped()
  {
    const auto period = client->fleet().lease / 3;
    auto next = period;
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, next, [this] { return stopping; })) {
      lock.unlock();
      try {
        const auto keys = client->queue_keys();
        client->eval(scripts::k_renew, {keys[0], keys[1]},
                     {token, std::to_string(client->fleet().lease.count()), record});
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

FleetLease::FleetLease(std::shared_ptr<FleetClient> client, std::string token, std::string record, int slots)
  : m_state(std::make_unique<State>())
{
  m_state->client = std::move(client);
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
    m_state->client->eval(scripts::k_release, m_state->client->queue_keys(),
                          {m_state->token, std::to_string(m_state->slots), m_state->client->prefix() + "wake:"});
  } catch (const CoordinationError&) {
    // Ends with its lease.
  }
  m_state.reset();
}

FleetWait
acquire_fleet_slot(const std::shared_ptr<FleetClient>& client, const FleetRequest& request)
{
  const auto& fleet = client->fleet();
  const auto token = fleet.host_id + "/" + std::to_string(request.pid) + "/" + random_hex();
  const auto record = member_record(fleet.host_id, request.pid, request.command, std::chrono::system_clock::now());
  const auto keys = client->queue_keys();
  const auto wake_prefix = client->prefix() + "wake:";
  const std::vector<std::string> args{token, std::to_string(request.slots), std::to_string(fleet.lease.count()), record,
                                      wake_prefix};
  const auto started = SteadyClock::now();
  const auto slice = std::min(k_max_wait_slice, fleet.lease / 3);
  FleetWait wait;
  for (;;) {
    const auto reply = client->eval(scripts::k_acquire, keys, args);
    wait.waited = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started);
    wait.ticket = static_cast<std::uint64_t>(integer_at(reply, 1));
    if (integer_at(reply, 0) == 1) {
      const auto granted = std::chrono::system_clock::time_point(milliseconds(integer_at(reply, 3)));
      wait.lease =
        FleetLease(client, token, member_record(fleet.host_id, request.pid, request.command, granted), request.slots);
      return wait;
    }
    wait.waiters_ahead = static_cast<int>(integer_at(reply, 2));
    if (request.progress) {
      request.progress(wait.waited, wait.waiters_ahead);
    }
    const auto left = request.timeout - wait.waited;
    if (left.count() <= 0) {
      client->eval(scripts::k_release, keys, {token, std::to_string(request.slots), wake_prefix});
      wait.holders = view_fleet(*client).holders;
      return wait;
    }
    client->wait_for_wake(wake_prefix + token, std::min(slice, left));
  }
}

milliseconds
reserve_fleet_turn(FleetClient& client, milliseconds interval)
{
  if (interval.count() <= 0) {
    return milliseconds(0);
  }
  const auto reply =
    client.eval(scripts::k_reserve_turn, {client.prefix() + "rate"}, {std::to_string(interval.count())});
  if (reply.kind != RedisReply::Kind::integer) {
    throw CoordinationError("Redis answered the rate limit's script with something unexpected");
  }
  return milliseconds(std::max<std::int64_t>(reply.integer, 0));
}

FleetView
view_fleet(FleetClient& client)
{
  const auto reply = client.eval(scripts::k_view, client.queue_keys(), {});
  if (reply.kind != RedisReply::Kind::array || reply.elements.size() < 2) {
    throw CoordinationError("Redis answered the view's script with something unexpected");
  }
  return {members(reply.elements[0]), members(reply.elements[1])};
}

} // namespace sd::coordination
