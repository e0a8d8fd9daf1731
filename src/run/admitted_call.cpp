#include "run/admitted_call.hpp"

#include "admission/backoff.hpp"
#include "admission/daemon_key.hpp"
#include "admission/error.hpp"
#include "admission/proxy_registry.hpp"
#include "admission/rate_limit.hpp"
#include "admission/slots.hpp"
#include "coordination/error.hpp"
#include "coordination/fleet.hpp"
#include "coordination/fleet_breaker.hpp"
#include "record/logging.hpp"
#include "record/stats.hpp"
#include "run/call_judgement.hpp"
#include "run/daemon_state.hpp"
#include "run/fleet_connect.hpp"
#include "run/held_slot.hpp"
#include "run/inherited_slot.hpp"
#include "util/exit_codes.hpp"
#include "util/process_identity.hpp"

#include <algorithm>
#include <cstdio>

namespace sd::run {

namespace {

using Milliseconds = std::chrono::duration<double, std::milli>;

std::string
time_text(const std::optional<std::chrono::system_clock::time_point>& when)
{
  return when ? record::format_time(*when) : std::string("-");
}

// The daemon's state for one call. Bookkeeping fails open: what cannot be used is dropped with
// a warning and the call goes on without it.
class DaemonAdmission
{
public:
  DaemonAdmission(const AdmissionSettings& settings, const CallDaemon& daemon, admission::Clock& clock)
  {
    try {
      const auto root = open_lock_dir(settings);
      // DOCKER_HOST at an API guard's socket: the call goes to the guard's daemon, and takes
      // that daemon's slot, so the guard sees it admitted once.
      CallDaemon admitted = daemon;
      m_dir_name = admission::daemon_dir_name(daemon.key);
      if (daemon.key.starts_with("unix:")) {
        if (auto upstream = admission::proxied_daemon(root, m_dir_name)) {
          log::debug("daemon " + daemon.key + " is an API guard in front of " + *upstream);
          admitted = {std::move(*upstream), std::nullopt, "behind the API guard at " + daemon.key};
          m_dir_name = admission::daemon_dir_name(admitted.key);
        }
      }
      m_dir.emplace(open_daemon_state(root, admitted));
      m_key = admitted.key;
      if (!settings.coordination.redis.empty()) {
        auto fleet = connect_fleet(settings, *m_dir, m_key);
        m_fleet = std::move(fleet.client);
        m_unavailable = std::move(fleet.unavailable);
        m_fleet_daemon = fleet_daemon_name(settings.coordination, m_key);
      }
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the call runs without admission control");
      return;
    }
    if (settings.breaker_enabled) {
      m_breaker.emplace(*m_dir, breaker_config(settings), clock);
      if (m_fleet) {
        m_fleet_breaker.emplace(m_fleet, breaker_config(settings));
      }
    }
  }
  DaemonAdmission(const DaemonAdmission&) = delete;
  DaemonAdmission& operator=(const DaemonAdmission&) = delete;

  const admission::StateDir* dir() const { return m_dir ? &*m_dir : nullptr; }
  const std::string& dir_name() const { return m_dir_name; }
  /// The daemon whose state this is: the call's, or the one behind the API guard it calls.
  const std::string& key() const { return m_key; }
  bool has_breaker() const { return m_breaker.has_value(); }
  /// coordination.backend = redis: the fleet's name of the daemon, else empty.
  const std::string& fleet_daemon() const { return m_fleet_daemon; }
  /// The fleet's connection; null when the backend is local or Redis cannot be used.
  const std::shared_ptr<coordination::FleetBackend>& fleet() const { return m_fleet; }
  /// Why Redis cannot be used (degraded), else empty.
  const std::string& unavailable() const { return m_unavailable; }
  /// Redis failed during the call: the rest of it runs degraded.
  void lose_fleet(std::string why)
  {
    note_fleet_unavailable(*m_dir, why);
    m_unavailable = std::move(why);
    m_fleet.reset();
    m_fleet_breaker.reset();
  }
  /// Whether the breaker in use is the fleet's, and its last change was the fleet's own.
  bool fleet_wide_change() const { return m_fleet_breaker && m_fleet_breaker->fleet_wide(); }

  // Runs `step` on the breaker; nullopt when there is none (or it just became unusable).
  // The fleet's when Redis is used (until it fails: then this host's from then on).
  template<typename Step>
  auto breaker(Step step) -> std::optional<decltype(step(std::declval<admission::Breaker&>()))>
  {
    if (m_fleet_breaker) {
      try {
        return step(*m_fleet_breaker);
      } catch (const coordination::CoordinationError& error) {
        lose_fleet(error.what());
      }
    }
    if (!m_breaker) {
      return std::nullopt;
    }
    try {
      return step(*m_breaker);
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the call runs without the circuit breaker");
      m_breaker.reset();
      return std::nullopt;
    }
  }

private:
  std::optional<admission::StateDir> m_dir;
  std::string m_dir_name;
  std::string m_key;
  std::optional<admission::Breaker> m_breaker;
  std::string m_fleet_daemon;
  std::shared_ptr<coordination::FleetBackend> m_fleet;
  std::optional<coordination::FleetBreaker> m_fleet_breaker;
  std::string m_unavailable;
};

admission::SlotHolder
as_holder(int index, const coordination::FleetMember& member)
{
  return {index, member.pid, member.host + ": " + member.command, member.since};
}

std::vector<admission::SlotHolder>
fleet_holders(coordination::FleetBackend& client)
{
  std::vector<admission::SlotHolder> holders;
  try {
    const auto view = coordination::view_fleet(client);
    for (std::size_t i = 0; i < view.holders.size(); ++i) {
      holders.push_back(as_holder(static_cast<int>(i), view.holders[i]));
    }
  } catch (const coordination::CoordinationError&) {
    // A notice without holders.
  }
  return holders;
}

std::string
breaker_open_message(const CallDaemon& daemon, const admission::BreakerStatus& status)
{
  return "safedocker: the docker daemon " + daemon.key + " is failing: circuit breaker open since "
         + time_text(status.opened_at) + " (" + (status.last_reason.empty() ? "daemon unreachable" : status.last_reason)
         + ")\n  next probe: " + time_text(status.next_probe_at ? status.next_probe_at : status.probe_deadline)
         + "; reset now with: safedocker guard reset --daemon " + daemon.key + "\n";
}

CallOutcome
refuse(Refusal why, int status, std::string message, record::AuditRecord& audit, std::string audit_message)
{
  audit.message = std::move(audit_message);
  return {status, why, std::move(message), {}};
}

// The slot: nullopt when the call may go on (with `lease` held, or without a slot), else the
// refusal.
std::string
holders_text(const std::vector<admission::SlotHolder>& holders)
{
  std::string text;
  for (const auto& holder : holders) {
    text += "\n  slot " + std::to_string(holder.slot) + ": pid " + std::to_string(holder.pid) + " " + holder.command
            + " since " + time_text(holder.since);
  }
  return text;
}

std::chrono::seconds
slot_timeout(const AdmissionSettings& settings, const CallOptions& options)
{
  return options.slot_timeout ? *options.slot_timeout : std::chrono::seconds(settings.acquire_timeout_seconds);
}

// A slot of the fleet (coordination.backend = redis). nullopt when the call may go on (with
// `slot` held, or under its ancestor's), else the refusal. Throws CoordinationError when Redis
// fails: the caller goes on degraded.
std::optional<CallOutcome>
take_fleet_slot(const AdmissionSettings& settings, const CallOptions& options, const DaemonAdmission& state,
                CallWorld& world, HeldSlot& slot, record::AuditRecord& audit)
{
  auto& client = *state.fleet();
  if (const auto ancestor = ancestor_claim(state.dir_name())) {
    const auto view = coordination::view_fleet(client);
    for (const auto& holder : view.holders) {
      if (holder.pid == *ancestor && holder.host == settings.coordination.host_id) {
        log::debug("nested call: runs under its ancestor's fleet slot for " + state.fleet_daemon());
        return std::nullopt;
      }
    }
  }
  const auto timeout = slot_timeout(settings, options);
  SlotWaitNotice notice(
    world.notices, settings.notice_after, {state.fleet_daemon(), settings.max_concurrent, timeout.count()},
    [&client] { return fleet_holders(client); }, world.clock);
  coordination::FleetRequest request{settings.max_concurrent, timeout, options.slot_label, util::own_pid(), {}};
  request.progress = [&notice](std::chrono::milliseconds waited, int ahead) { notice.update(waited, ahead); };
  auto wait = coordination::acquire_fleet_slot(state.fleet(), request);
  notice.finish(wait.waited, wait.lease.held() ? k_fleet_slot : -1);
  audit.coordination->ticket = wait.ticket;
  if (wait.lease.held()) {
    slot.fleet = std::move(wait.lease);
    mark_slot_for_children(state.dir_name(), 0);
    return std::nullopt;
  }
  std::vector<admission::SlotHolder> holders;
  for (std::size_t i = 0; i < wait.holders.size(); ++i) {
    holders.push_back(as_holder(static_cast<int>(i), wait.holders[i]));
  }
  return refuse(Refusal::slot_timeout, exit_code::k_slot_timeout,
                "safedocker: error: no docker slot free for " + state.fleet_daemon() + " in the fleet after "
                  + std::to_string(timeout.count())
                  + "s (limits.max_concurrent = " + std::to_string(settings.max_concurrent)
                  + ", limits.acquire_timeout); held by:" + holders_text(holders) + "\n",
                audit, "no slot within limits.acquire_timeout");
}

std::optional<CallOutcome>
take_slot(const AdmissionSettings& settings, const CallDaemon& daemon, const CallOptions& options,
          const DaemonAdmission& state, CallWorld& world, admission::SlotLease& lease, record::AuditRecord& audit)
{
  if (runs_under_ancestor_slot(*state.dir(), state.dir_name(), settings.max_concurrent)) {
    log::debug("nested call: runs under its ancestor's slot for " + daemon.key);
    return std::nullopt;
  }
  const auto timeout = slot_timeout(settings, options);
  const auto& dir = *state.dir();
  SlotWaitNotice notice(
    world.notices, settings.notice_after, {state.key(), settings.max_concurrent, timeout.count()},
    [&dir, slots = settings.max_concurrent] { return admission::list_holders(dir, slots); }, world.clock);
  admission::SlotRequest request{settings.max_concurrent, timeout, options.slot_label, {}};
  request.progress = [&notice](std::chrono::milliseconds waited, int ahead) { notice.update(waited, ahead); };
  auto wait = admission::acquire_slot(dir, request);
  notice.finish(wait.waited, wait.lease.held() ? wait.lease.slot() : -1);
  if (wait.lease.held()) {
    lease = std::move(wait.lease);
    mark_slot_for_children(state.dir_name(), lease.slot());
    return std::nullopt;
  }
  const auto holders = holders_text(wait.holders);
  return refuse(Refusal::slot_timeout, exit_code::k_slot_timeout,
                "safedocker: error: no docker slot free for " + state.key() + " after "
                  + std::to_string(timeout.count()) + "s (limits.max_concurrent = "
                  + std::to_string(settings.max_concurrent) + ", limits.acquire_timeout); held by:" + holders + "\n",
                audit, "no slot within limits.acquire_timeout");
}

// Redis cannot be used for this call (coordination.backend = redis): refused when
// coordination.on_unavailable is block, else said once and run under this host's own slots.
std::optional<CallOutcome>
degraded(const AdmissionSettings& settings, const DaemonAdmission& state, record::AuditRecord& audit)
{
  if (settings.coordination.block_when_unavailable) {
    return refuse(Refusal::slot_timeout, exit_code::k_slot_timeout,
                  "safedocker: error: no docker slot for " + state.fleet_daemon() + ": " + state.unavailable()
                    + " (coordination.on_unavailable = block)\n",
                  audit, "Redis unavailable: " + state.unavailable());
  }
  std::fprintf(
    stderr,
    "safedocker: warning: %s; this call runs under this host's own %d slot%s (coordination.on_unavailable = local)\n",
    state.unavailable().c_str(), settings.coordination.fallback_slots,
    settings.coordination.fallback_slots == 1 ? "" : "s");
  return std::nullopt;
}

// Step 3: the rate limit's turn, the fleet's when Redis is used, else this host's.
std::chrono::milliseconds
reserve_turn(const AdmissionSettings& settings, DaemonAdmission& state, const CallWorld& world)
{
  const std::chrono::milliseconds interval(settings.min_interval_ms);
  if (state.fleet() && interval.count() > 0) {
    try {
      return coordination::reserve_fleet_turn(*state.fleet(), interval);
    } catch (const coordination::CoordinationError& error) {
      state.lose_fleet(error.what());
    }
  }
  return admission::reserve_turn(*state.dir(), interval, world.clock);
}

// Step 1: the daemon's breaker. Returns the refusal when the call must not run; sets `dirty`
// when the breaker has failures on record or is not closed.
std::optional<CallOutcome>
pass_breaker(DaemonAdmission& state, const AdmissionSettings& settings, const CallDaemon& daemon, CallWorld& world,
             record::AuditRecord& audit, record::AuditTrail& trail, bool& dirty)
{
  const auto gate = state.breaker([](auto& b) { return b.before_call(); });
  if (!gate) {
    return std::nullopt;
  }
  if (gate->status.file == admission::StateFile::reset_corrupt) {
    log::warn("the circuit breaker's state file for " + daemon.key + " was unreadable and is taken as closed");
  }
  if (gate->verdict == admission::GateVerdict::fail_fast) {
    return refuse(Refusal::breaker_open, exit_code::k_breaker_open, breaker_open_message(daemon, gate->status), audit,
                  "circuit breaker open: failed fast");
  }
  dirty = gate->status.consecutive_failures > 0 || gate->status.state != admission::BreakerState::closed;
  if (gate->verdict != admission::GateVerdict::probe) {
    return std::nullopt;
  }
  const auto probe = [&] {
    const LateLine slow(world.notices, settings.notice_after,
                        "safedocker: probing " + daemon.key + " (GET /_ping, up to "
                          + waited_text(std::chrono::milliseconds(settings.probe_timeout_ms))
                          + ") before the call: its circuit breaker has been open since "
                          + time_text(gate->status.opened_at) + "\n");
    return world.prober();
  }();
  if (!probe) {
    return std::nullopt; // not probeable: the call itself is the probe
  }
  if (probe->status != admission::ProbeStatus::ok) {
    state.breaker([&](auto& b) { return b.record_daemon_failure("probe: " + probe->message); });
    trail.write_event(audit, "breaker_open",
                      std::string(state.fleet_wide_change() ? "fleet-wide: " : "")
                        + "half-open probe failed: " + probe->message);
    const auto status = state.breaker([](auto& b) { return b.status(); });
    return refuse(Refusal::breaker_open, exit_code::k_breaker_open,
                  breaker_open_message(daemon, status ? *status : gate->status), audit,
                  "circuit breaker open: failed fast");
  }
  state.breaker([](auto& b) { return b.record_success(); });
  trail.write_event(audit, "breaker_close",
                    std::string(state.fleet_wide_change() ? "fleet-wide: " : "") + "half-open probe answered in "
                      + std::to_string(probe->latency.count()) + " ms");
  dirty = false;
  return std::nullopt;
}

enum class Opened : std::uint8_t { no, yes };

// Step 4's feedback: what the judgement taught the daemon's breaker, and its events.
Opened
tell_breaker(DaemonAdmission& state, const CallDaemon& daemon, const AdmissionSettings& settings,
             const Judgement& judgement, record::AuditRecord& audit, record::AuditTrail& trail, bool& dirty)
{
  if (judgement.feedback == BreakerFeedback::failure) {
    const auto change = state.breaker([&](auto& b) { return b.record_daemon_failure(judgement.reason); });
    dirty = true;
    if (change && change->opened() && state.fleet_wide_change()) {
      trail.write_event(audit, "breaker_open", "fleet-wide, failures from several hosts: " + judgement.reason);
      std::fprintf(stderr,
                   "safedocker: circuit breaker of the fleet for %s opened: daemon failures from several hosts; "
                   "calls of every host fail fast for %llds\n",
                   state.fleet_daemon().c_str(), static_cast<long long>(settings.open_seconds));
      return Opened::yes;
    }
    if (change && change->opened()) {
      trail.write_event(audit, "breaker_open",
                        judgement.reason + " (" + std::to_string(change->consecutive_failures) + " in a row)");
      std::fprintf(
        stderr,
        "safedocker: circuit breaker for %s opened after %d daemon failures in a row; calls fail fast for %llds\n",
        daemon.key.c_str(), change->consecutive_failures, static_cast<long long>(settings.open_seconds));
      return Opened::yes;
    }
  } else if (judgement.feedback == BreakerFeedback::success) {
    const auto change = state.breaker([](auto& b) { return b.record_success(); });
    dirty = false;
    if (change && change->closed()) {
      trail.write_event(audit, "breaker_close",
                        std::string(state.fleet_wide_change() ? "fleet-wide: " : "")
                          + (judgement.kind == FailureKind::none ? "a call succeeded" : "the daemon answered"));
    }
  }
  return Opened::no;
}

} // namespace

Prober
daemon_prober(const AdmissionSettings& settings, const CallDaemon& daemon)
{
  return [timeout = std::chrono::milliseconds(settings.probe_timeout_ms), endpoint = daemon.endpoint]() {
    std::optional<admission::ProbeResult> result;
    if (endpoint) {
      result = admission::ping(*endpoint, timeout);
      if (result->status == admission::ProbeStatus::not_probeable) {
        result.reset();
      }
    }
    return result;
  };
}

CallOutcome
run_admitted_call(const AdmissionSettings& settings, const CallDaemon& daemon, const CallOptions& options,
                  const Runner& run_once, CallWorld& world, record::AuditRecord& audit, record::AuditTrail& trail)
{
  const bool daemon_bound = options.klass != grammar::CommandClass::client;
  const auto& classes = settings.slot_classes;
  const bool takes_slot =
    std::find(classes.begin(), classes.end(), grammar::class_name(options.klass)) != classes.end();
  std::optional<DaemonAdmission> state;
  if (daemon_bound) {
    audit.daemon = daemon.key;
    if (log::debug_enabled()) {
      log::debug("daemon " + daemon.key + " ("
                 + (daemon.endpoint ? daemon.endpoint->host + " from " + daemon.endpoint->source : daemon.error)
                 + "); class " + std::string(grammar::class_name(options.klass))
                 + (takes_slot ? ", takes a slot" : ", no slot"));
    }
    state.emplace(settings, daemon, world.clock);
    if (!state->key().empty()) {
      audit.daemon = state->key();
    }
    if (!state->fleet_daemon().empty()) {
      audit.coordination = record::CallCoordination{state->fleet_daemon(), state->fleet() == nullptr, 0};
    }
  }
  // Redis may fail at any step: the record says whether the call ran degraded.
  struct MarkDegraded
  {
    const std::optional<DaemonAdmission>& state;
    record::AuditRecord& audit;
    ~MarkDegraded()
    {
      if (state && audit.coordination && !state->fleet()) {
      }
    }
  } mark_degraded{state, audit};

  // 1. The breaker: fail fast while the daemon is known to be down; one process probes.
  bool breaker_dirty = false; // failures on record, or not closed: a success must be written
  if (state) {
    if (auto refused = pass_breaker(*state, settings, daemon, world, audit, trail, breaker_dirty)) {
      return *refused;
    }
  }

  // 2. A slot, then 3. the rate limit: a reservation is not spent while waiting for a slot.
  const auto wait_started = world.clock.steady();
  HeldSlot slot;
  if (state && state->dir() != nullptr) {
    try {
      if (takes_slot) {
        std::optional<CallOutcome> refused;
        bool by_fleet = false;
        if (state->fleet()) {
          try {
            refused = take_fleet_slot(settings, options, *state, world, slot, audit);
            by_fleet = true;
          } catch (const coordination::CoordinationError& error) {
            state->lose_fleet(error.what());
          }
        }
        if (!by_fleet && !state->fleet_daemon().empty()) {
          refused = degraded(settings, *state, audit);
          if (!refused) {
            auto own = settings;
            own.max_concurrent = settings.coordination.fallback_slots;
            refused = take_slot(own, daemon, options, *state, world, slot.local, audit);
          }
        } else if (!by_fleet) {
          refused = take_slot(settings, daemon, options, *state, world, slot.local, audit);
        }
        if (refused) {
          audit.slot_wait_ms = Milliseconds(world.clock.steady() - wait_started).count();
          return *refused;
        }
      }
      const auto turn = reserve_turn(settings, *state, world);
      if (const auto line = rate_wait_line(settings.notice_after, turn, daemon.key, settings.min_interval_ms);
          !line.empty()) {
        world.notices.write(line);
      }
      world.clock.sleep_for(turn);
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the call runs without a slot");
    }
  }
  audit.slot_wait_ms = Milliseconds(world.clock.steady() - wait_started).count();
  if (log::debug_enabled() && slot.held()) {
    log::debug((slot.fleet.held() ? std::string("a fleet slot") : "slot " + std::to_string(slot.local.slot())) + " of "
               + daemon.key + " after " + std::to_string(audit.slot_wait_ms) + " ms");
  }
  struct Unmark
  {
    const HeldSlot& slot;
    const std::string& dir_name;
    ~Unmark()
    {
      if (slot.held()) {
        unmark_slot_for_children(dir_name);
      }
    }
  } unmark{slot, state ? state->dir_name() : daemon.key};

  // 4. Run, judge, tell the breaker, and retry what is safe to run again.
  const admission::RetryPolicy policy{settings.max_attempts, std::chrono::milliseconds(settings.retry_base_ms),
                                      std::chrono::milliseconds(settings.retry_cap_ms)};
  for (int attempt = 1;; ++attempt) {
    auto result = run_once();
    CallOutcome outcome{result.status, Refusal::none, {}, result.stderr_text.value_or("")};
    if (result.status < 0) {
      return outcome;
    }
    AttemptFacts facts{result.status, result.stopped, std::nullopt, daemon_bound};
    if (result.stderr_text) {
      facts.stderr_text = *result.stderr_text;
    }
    const auto probe = needs_probe(facts) ? world.prober() : std::nullopt;
    const auto judgement = judge(
      facts, probe, {options.retryable, attempt, policy.max_attempts, breaker_dirty, &settings.transient_patterns});
    if (state && tell_breaker(*state, daemon, settings, judgement, audit, trail, breaker_dirty) == Opened::yes) {
      return outcome;
    }
    if (!judgement.retry) {
      return outcome;
    }
    const auto delay = admission::backoff_delay(policy, attempt, world.random);
    std::fprintf(stderr, "safedocker: retry %d/%d in %.1fs: %s\n", attempt + 1, policy.max_attempts,
                 static_cast<double>(delay.count()) / 1000.0, judgement.reason.c_str());
    trail.write_event(audit, "retry",
                      "retry " + std::to_string(attempt + 1) + "/" + std::to_string(policy.max_attempts) + " after "
                        + std::to_string(delay.count()) + " ms: " + judgement.reason);
    ++audit.retries;
    world.clock.sleep_for(delay);
  }
}

} // namespace sd::run
