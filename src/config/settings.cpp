#include "config/settings.hpp"

#include <algorithm>
#include <stdexcept>

namespace sd::config {

namespace {

using enum SettingType;

constexpr SettingSpec k_settings[] = {
  {"audit.enabled", boolean, "true", "SAFEDOCKER_AUDIT",
   "Whether every call is recorded in the audit log."},
  {"audit.keep", integer, "5", "",
   "How many rotated audit files (audit.jsonl.1 …) are kept."},
  {"audit.max_bytes", integer, "10485760", "SAFEDOCKER_AUDIT_MAX_BYTES",
   "Size at which the audit log is rotated."},
  {"audit.path", string, "", "SAFEDOCKER_AUDIT_PATH",
   "The audit log. Empty: $XDG_STATE_HOME/safedocker/audit.jsonl (~/.local/state/…)."},
  {"audit.required", boolean, "false", "",
   "true: a call that cannot be recorded does not run (fail closed). false: warn once and run."},
  {"audit.secret_keys", string, "PASSWORD,PASSWD,SECRET,TOKEN,KEY,CREDENTIAL,AUTH,PRIVATE", "",
   "Comma-separated words: -e/--env and --build-arg values whose key contains one are redacted."},
  {"breaker.enabled", boolean, "true", "SAFEDOCKER_BREAKER",
   "Whether the circuit breaker shared by all processes guards the daemon."},
  {"breaker.failure_threshold", integer, "3", "",
   "Consecutive daemon failures (unreachable, timing out) that open the breaker."},
  {"breaker.open_seconds", integer, "900", "SAFEDOCKER_BREAKER_OPEN_SECONDS",
   "How long the breaker stays open before one process probes the daemon."},
  {"cleanup.check_interval", string, "5m", "",
   "How often the cleanup scheduler measures the thresholds (s, m, h, d, w), at any hour."},
  {"cleanup.command", string, "", "SAFEDOCKER_CLEANUP_COMMAND",
   "The cleanup pass the scheduler runs, as words (quotes, no expansion). Empty: safedocker guard cleanup --json."},
  {"cleanup.days", string, "Mon-Fri", "",
   "Business days of scheduled cleanup: Mon,Tue,… or ranges such as Mon-Fri."},
  {"cleanup.hours", string, "09:00-18:00", "",
   "Business hours of scheduled cleanup, HH:MM-HH:MM, end exclusive; 22:00-06:00 runs overnight."},
  {"cleanup.image_min_age", string, "24h", "",
   "guard cleanup removes dangling images created and last used longer ago than this (90s, 15m, 24h, 7d, 1w)."},
  {"cleanup.interval", string, "2h", "",
   "Time between scheduled cleanup passes inside business hours (s, m, h, d, w)."},
  {"cleanup.keep_names", string, "", "",
   "Comma-separated globs: containers, networks and volumes whose name matches one are never removed."},
  {"cleanup.max_build_cache_bytes", integer, "0", "",
   "Build cache above this many bytes starts a cleanup out of schedule, and the pass notes it (it never prunes it: see README). 0: off."},
  {"cleanup.max_disk_percent", integer, "85", "",
   "Use of the local engine's data-root file system (percent) above which cleanup runs out of schedule. 0: off."},
  {"cleanup.max_image_bytes", integer, "0", "",
   "Images above this many bytes start a cleanup out of schedule. 0: off."},
  {"cleanup.max_stopped_containers", integer, "50", "",
   "Stopped containers above this count start a cleanup out of schedule. 0: off."},
  {"cleanup.min_age", string, "24h", "SAFEDOCKER_CLEANUP_MIN_AGE",
   "guard cleanup removes exited, dead and created containers older than this (from creation or finish)."},
  {"cleanup.remove_volumes", string, "never", "",
   "never: named volumes are never removed by guard cleanup; sessions: those of dead sessions started with --volumes."},
  {"cleanup.stop_grace", integer, "10", "",
   "Seconds docker stop -t gives a container of an ended session before SIGKILL."},
  {"cleanup.timezone", string, "", "",
   "IANA time zone of the business hours (Europe/Berlin). Empty: the machine's local time."},
  {"docker.compose_path", string, "", "SAFEDOCKER_REAL_DOCKER_COMPOSE",
   "The real docker-compose binary, for the docker-compose shim. Empty: search PATH."},
  {"docker.path", string, "", "SAFEDOCKER_REAL_DOCKER",
   "The real docker binary. Empty: search PATH, skipping every entry that is safedocker itself."},
  {"limits.acquire_timeout", integer, "600", "SAFEDOCKER_ACQUIRE_TIMEOUT",
   "Seconds a call waits for a slot before it fails (exit 204), naming the holders.",
   WhenLocked::honoured}, // a caller may only shorten or lengthen its own wait
  {"limits.lock_dir", string, "", "SAFEDOCKER_LOCK_DIR",
   "Where slots, the rate limit and the breaker live. Empty: $XDG_RUNTIME_DIR/safedocker, else /tmp/safedocker-UID."},
  {"limits.max_concurrent", integer, "3", "SAFEDOCKER_MAX_CONCURRENT",
   "Slots: docker calls that may run at once across every process of the machine."},
  {"limits.min_interval_ms", integer, "0", "SAFEDOCKER_MIN_INTERVAL_MS",
   "Minimum time between the starts of two docker calls, machine-wide. 0: off."},
  {"limits.shared", boolean, "false", "",
   "The lock directory is shared by several users (mode 0770/01770 or 01777, owned by root or us)."},
  {"limits.slot_classes", string, "daemon", "",
   "Comma-separated classes of calls that take a slot: client, streaming, interactive, daemon."},
  {"policy.allow_bypass", boolean, "false", "",
   "Whether SAFEDOCKER_BYPASS=1 may let a blocked call run (it is always reported)."},
  {"policy.locked", boolean, "false", "",
   "true in /etc/safedocker/rules.toml (or the built-in rules): user rules files, SAFEDOCKER_RULES, "
   "SAFEDOCKER_BYPASS and the environment variables that could weaken the guard are ignored."},
  {"probe.timeout_ms", integer, "1000", "",
   "Timeout of the daemon health probe (GET /_ping)."},
  {"retry.base_ms", integer, "500", "",
   "Backoff: the first retry waits a random time up to this; each further one doubles it."},
  {"retry.cap_ms", integer, "8000", "",
   "Backoff: no retry waits longer than this."},
  {"retry.max_attempts", integer, "4", "SAFEDOCKER_RETRY_MAX_ATTEMPTS",
   "Tries of a retryable call (pull, push, read-only commands), the first included. 1: no retry."},
  {"retry.patterns", string, "toomanyrequests,TLS handshake timeout,connection reset by peer,i/o timeout,502 Bad Gateway,503 Service Unavailable,net/http: request canceled,unexpected EOF", "",
   "Comma-separated stderr texts that mark a failure as transient (retryable calls only)."},
};

static_assert(std::size(k_settings) == 39);

} // namespace

std::span<const SettingSpec>
setting_specs()
{
  return k_settings;
}

const SettingSpec*
find_setting(std::string_view key)
{
  const auto it = std::find_if(std::begin(k_settings), std::end(k_settings), [key](const auto& s) {
    return s.key == key;
  });
  return it != std::end(k_settings) ? &*it : nullptr;
}

Settings::Settings()
{
  for (const auto& spec : k_settings) {
    m_values.emplace(std::string(spec.key), SettingValue{std::string(spec.default_value), "default"});
  }
}

void
Settings::set(std::string_view key, std::string value, std::string origin)
{
  const auto it = m_values.find(key);
  if (it == m_values.end()) {
    throw std::logic_error("unknown setting " + std::string(key));
  }
  it->second = {std::move(value), std::move(origin)};
}

const SettingValue&
Settings::get(std::string_view key) const
{
  const auto it = m_values.find(key);
  if (it == m_values.end()) {
    throw std::logic_error("unknown setting " + std::string(key));
  }
  return it->second;
}

std::int64_t
Settings::integer(std::string_view key) const
{
  return std::stoll(get(key).value);
}

} // namespace sd::config
