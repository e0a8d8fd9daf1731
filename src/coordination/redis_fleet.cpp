#include "admission/daemon_key.hpp"
#include "coordination/error.hpp"
#include "coordination/fleet_backend.hpp"
#include "coordination/fleet_breaker_scripts.hpp"
#include "coordination/fleet_scripts.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>

// The fleet's state in Redis: the scripts of fleet_scripts.cpp and fleet_breaker_scripts.cpp
// over one connection, made again when it broke. Shared by a held slot's renewing thread and
// its owner, one at a time.

namespace sd::coordination {

namespace {

using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

std::int64_t
integer_at(const RedisReply& reply, std::size_t index)
{
  if (reply.kind != RedisReply::Kind::array || reply.elements.size() <= index
      || reply.elements[index].kind != RedisReply::Kind::integer) {
    throw CoordinationError("Redis answered a script with something unexpected");
  }
  return reply.elements[index].integer;
}

const std::string&
text_at(const RedisReply& reply, std::size_t index)
{
  if (reply.kind != RedisReply::Kind::array || reply.elements.size() <= index
      || (reply.elements[index].kind != RedisReply::Kind::text
          && reply.elements[index].kind != RedisReply::Kind::status)) {
    throw CoordinationError("Redis answered a script with something unexpected");
  }
  return reply.elements[index].text;
}

std::vector<std::string>
texts(const RedisReply& list)
{
  std::vector<std::string> out;
  for (const auto& item : list.elements) {
    out.push_back(item.text);
  }
  return out;
}

class RedisFleet final : public FleetBackend
{
public:
  explicit RedisFleet(Fleet fleet)
    : m_fleet(std::move(fleet)),
      m_prefix("safedocker:{" + admission::daemon_dir_name(m_fleet.daemon) + "}:")
  {
    const std::lock_guard lock(m_mutex);
    connection();
  }

  const Fleet& fleet() const override { return m_fleet; }
  std::chrono::microseconds latency() const override { return m_latency; }

  Look look(const std::string& token, int slots, const std::string& record) override
  {
    const auto reply =
      eval(scripts::k_acquire, queue_keys(),
           {token, std::to_string(slots), std::to_string(m_fleet.lease.count()), record, wake_prefix()});
    return {integer_at(reply, 0) == 1, static_cast<std::uint64_t>(integer_at(reply, 1)),
            static_cast<int>(integer_at(reply, 2)), integer_at(reply, 3)};
  }

  void wait_for_turn(const std::string& token, milliseconds at_most) override
  {
    // BLPOP takes seconds with decimals (Redis 6 and later).
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f",
                  static_cast<double>(std::max<std::int64_t>(at_most.count(), 1)) / 1000.0);
    run({"BLPOP", wake_prefix() + token, seconds}, at_most);
  }

  void renew(const std::string& token, const std::string& record) override
  {
    const auto keys = queue_keys();
    eval(scripts::k_renew, {keys[0], keys[1]}, {token, std::to_string(m_fleet.lease.count()), record});
  }

  void release(const std::string& token, int slots) override
  {
    eval(scripts::k_release, queue_keys(), {token, std::to_string(slots), wake_prefix()});
  }

  std::pair<std::vector<std::string>, std::vector<std::string>> members() override
  {
    const auto reply = eval(scripts::k_view, queue_keys(), {});
    if (reply.kind != RedisReply::Kind::array || reply.elements.size() < 2) {
      throw CoordinationError("Redis answered the view's script with something unexpected");
    }
    return {texts(reply.elements[0]), texts(reply.elements[1])};
  }

  milliseconds reserve_turn(milliseconds interval) override
  {
    const auto reply = eval(scripts::k_reserve_turn, {m_prefix + "rate"}, {std::to_string(interval.count())});
    if (reply.kind != RedisReply::Kind::integer) {
      throw CoordinationError("Redis answered the rate limit's script with something unexpected");
    }
    return milliseconds(std::max<std::int64_t>(reply.integer, 0));
  }

  BreakerLook breaker_gate(const BreakerRule& rule) override
  {
    const auto reply =
      eval(scripts::k_breaker_gate, breaker_keys(),
           {m_fleet.host_id, std::to_string(rule.probe_timeout.count()), std::to_string(rule.window.count())});
    return {text_at(reply, 0),    text_at(reply, 1) == "*", integer_at(reply, 2),
            integer_at(reply, 3), text_at(reply, 4),        static_cast<int>(integer_at(reply, 5))};
  }

  std::pair<int, std::vector<std::string>> breaker_report(bool success, const std::string& reason,
                                                          const BreakerRule& rule) override
  {
    const auto reply =
      eval(scripts::k_breaker_report, breaker_keys(),
           {m_fleet.host_id, success ? "success" : "failure", reason, std::to_string(rule.failure_threshold),
            std::to_string(rule.open.count()), std::to_string(rule.window.count())});
    std::vector<std::string> events;
    for (std::size_t i = 1; i < reply.elements.size(); ++i) {
      events.push_back(reply.elements[i].text);
    }
    return {static_cast<int>(integer_at(reply, 0)), std::move(events)};
  }

  std::pair<BreakerLook, BreakerLook> breaker_view() override
  {
    const auto reply = eval(scripts::k_breaker_view, breaker_keys(), {m_fleet.host_id});
    BreakerLook fleet{"", true, integer_at(reply, 1), integer_at(reply, 0), text_at(reply, 2), 0};
    BreakerLook host{
      "", false, integer_at(reply, 5), integer_at(reply, 4), text_at(reply, 6), static_cast<int>(integer_at(reply, 3))};
    fleet.verdict = fleet.next_probe_ms > 0 ? "open" : "closed";
    host.verdict = host.next_probe_ms > 0 ? "open" : "closed";
    return {fleet, host};
  }

  void breaker_reset() override
  {
    std::vector<std::string> argv{"DEL"};
    const auto keys = breaker_keys();
    argv.insert(argv.end(), keys.begin(), keys.end() - 1); // the active hosts stay
    run(argv, milliseconds(0));
  }

private:
  std::string wake_prefix() const { return m_prefix + "wake:"; }

  std::vector<std::string> queue_keys() const
  {
    return {m_prefix + "holders", m_prefix + "info", m_prefix + "queue", m_prefix + "waiting", m_prefix + "ticket"};
  }

  std::vector<std::string> breaker_keys() const
  {
    return {m_prefix + "breaker:count", m_prefix + "breaker:last",   m_prefix + "breaker:reason",
            m_prefix + "breaker:open",  m_prefix + "breaker:opened", m_prefix + "breaker:probe",
            m_prefix + "active"};
  }

  RedisConnection& connection()
  {
    if (!m_connection) {
      m_connection = std::make_unique<RedisConnection>(m_fleet.target);
    }
    return *m_connection;
  }

  // Runs `work` on the connection (made again when the last use failed), timing it.
  template<typename Work>
  RedisReply timed(Work work)
  {
    const std::lock_guard lock(m_mutex);
    try {
      const auto started = SteadyClock::now();
      auto reply = work(connection());
      m_latency = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started);
      return reply;
    } catch (const CoordinationError&) {
      m_connection.reset();
      throw;
    }
  }

  RedisReply eval(std::string_view script, const std::vector<std::string>& keys, const std::vector<std::string>& args)
  {
    return timed([&](RedisConnection& c) { return c.eval(std::string(script), keys, args); });
  }

  RedisReply run(const std::vector<std::string>& argv, milliseconds extra)
  {
    auto reply = timed([&](RedisConnection& c) { return c.command(argv, extra); });
    if (reply.kind == RedisReply::Kind::error) {
      throw CoordinationError("Redis at " + m_fleet.target.address.text() + ": " + argv.front() + ": " + reply.text);
    }
    return reply;
  }

  Fleet m_fleet;
  std::string m_prefix;
  std::mutex m_mutex;
  std::unique_ptr<RedisConnection> m_connection;
  std::chrono::microseconds m_latency{0};
};

} // namespace

std::shared_ptr<FleetBackend>
connect_fleet_backend(Fleet fleet)
{
  return std::make_shared<RedisFleet>(std::move(fleet));
}

} // namespace sd::coordination
