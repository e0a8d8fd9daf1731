#include "config/settings.hpp"

#include <algorithm>
#include <stdexcept>

namespace sd::config {

namespace {

using enum SettingType;

constexpr SettingSpec k_settings[] = {
  {"audit.enabled", boolean, "true", "SAFEDOCKER_AUDIT", "Whether every call is recorded in the audit log.",
   check(CheckKind::boolean)},
  {"audit.keep", integer, "5", "", "How many rotated audit files (audit.jsonl.1 …) are kept.", range(0, 1000)},
  {"audit.max_bytes", integer, "10485760", "SAFEDOCKER_AUDIT_MAX_BYTES",
   "Size in bytes at which the audit log is rotated (4 KiB to 1 TiB).", range(4096, 1099511627776)},
  {"audit.path", string, "", "SAFEDOCKER_AUDIT_PATH",
   "The audit log, an absolute file path. Empty: $XDG_STATE_HOME/safedocker/audit.jsonl (~/.local/state/…).",
   check(CheckKind::file_path)},
  {"audit.required", boolean, "false", "",
   "true: a call that cannot be recorded does not run (fail closed). false: warn once and run.",
   check(CheckKind::boolean)},
  {"audit.secret_keys", string, "PASSWORD,PASSWD,SECRET,TOKEN,KEY,CREDENTIAL,AUTH,PRIVATE", "",
   "Comma-separated words, at least one: -e/--env and --build-arg values whose key contains one are redacted.",
   check(CheckKind::words)},
  {"breaker.enabled", boolean, "true", "SAFEDOCKER_BREAKER",
   "Whether the circuit breaker shared by all processes guards the daemon.", check(CheckKind::boolean)},
  {"breaker.failure_threshold", integer, "3", "",
   "Consecutive daemon failures (unreachable, timing out) that open the breaker.", range(1, 1000)},
  {"breaker.open_seconds", integer, "900", "SAFEDOCKER_BREAKER_OPEN_SECONDS",
   "Seconds the breaker stays open before one process probes the daemon (at most a day).", range(0, 86400)},
  {"cleanup.check_interval", string, "5m", "",
   "How often the cleanup scheduler measures the thresholds, at any hour: a duration above 0 (s, m, h, d, w).",
   check(CheckKind::duration)},
  {"cleanup.command", string, "", "SAFEDOCKER_CLEANUP_COMMAND",
   "The cleanup pass the scheduler runs, as shell words (quotes must close; no expansion). Empty: safedocker guard "
   "cleanup --json.",
   check(CheckKind::shell_words)},
  {"cleanup.days", string, "Mon-Fri", "",
   "Business days of scheduled cleanup: Mon,Tue,… or ranges such as Mon-Fri (Fri-Mon wraps), three-letter English "
   "names.",
   check(CheckKind::days)},
  {"cleanup.hours", string, "09:00-18:00", "",
   "Business hours of scheduled cleanup, HH:MM-HH:MM, end exclusive; 22:00-06:00 runs overnight, 23:00-00:00 "
   "until midnight, 00:00-24:00 all day.",
   check(CheckKind::hours)},
  {"cleanup.image_min_age", string, "24h", "",
   "guard cleanup removes dangling images created and last used longer ago than this: a duration above 0 (90s, 15m, "
   "24h, 7d, 1w).",
   check(CheckKind::duration)},
  {"cleanup.interval", string, "2h", "",
   "Time between scheduled cleanup passes inside business hours: a duration above 0 (s, m, h, d, w).",
   check(CheckKind::duration)},
  {"cleanup.keep_names", string, "", "",
   "Comma-separated globs (fnmatch syntax; a [ must close): containers, networks and volumes whose name matches one "
   "are never removed.",
   check(CheckKind::globs)},
  {"cleanup.max_build_cache_bytes", integer, "0", "",
   "Build cache above this many bytes starts a cleanup out of schedule, and the pass notes it (it never prunes it: see "
   "the manual). 0: off.",
   range(0, k_no_limit)},
  {"cleanup.max_disk_percent", integer, "85", "",
   "Use of the local engine's data-root file system (percent) above which cleanup runs out of schedule; not "
   "measurable for a remote engine or Docker Desktop's. 0: off.",
   range(0, 100)},
  {"cleanup.max_image_bytes", integer, "0", "", "Images above this many bytes start a cleanup out of schedule. 0: off.",
   range(0, k_no_limit)},
  {"cleanup.max_stopped_containers", integer, "50", "",
   "Stopped containers above this count start a cleanup out of schedule. 0: off.", range(0, k_no_limit)},
  {"cleanup.min_age", string, "24h", "SAFEDOCKER_CLEANUP_MIN_AGE",
   "guard cleanup removes exited, dead and created containers older than this (from creation or finish): a duration "
   "above 0.",
   check(CheckKind::duration)},
  {"cleanup.remove_volumes", string, "never", "",
   "never: named volumes are never removed by guard cleanup; sessions: those of dead sessions started with --volumes.",
   choice("never|sessions")},
  {"cleanup.stop_grace", integer, "10", "",
   "Seconds docker stop -t gives a container of an ended session before SIGKILL (at most an hour).", range(0, 3600)},
  {"cleanup.timezone", string, "", "",
   "IANA time zone of the business hours (Europe/Berlin), a file of tzdata (TZDIR, else /usr/share/zoneinfo). Empty: "
   "the machine's local time.",
   check(CheckKind::time_zone)},
  {"coordination.backend", string, "local", "",
   "local: slots, the rate limit and the breaker are shared by the processes of this machine (file locks). redis: "
   "by every host that uses the same Redis server for the daemon.",
   choice("local|redis")},
  {"coordination.connect_timeout_ms", integer, "200", "",
   "Timeout in ms of connecting to Redis and of each of its answers; an unreachable server is then "
   "coordination.on_unavailable.",
   range(10, 60000)},
  {"coordination.daemon", string, "", "",
   "The daemon's name in Redis, for every call of this host. Empty: its daemon key (a unix socket's with the host's "
   "coordination.host_id, since it is that host's own engine).",
   check(CheckKind::name)},
  {"coordination.fallback_slots", integer, "1", "",
   "Slots of this host alone while Redis is unreachable and coordination.on_unavailable is local.", range(1, 1000)},
  {"coordination.host_id", string, "", "",
   "How this host is told apart from the others in Redis: holders, waiters and breaker failures carry it. Empty: the "
   "host name.",
   check(CheckKind::name)},
  {"coordination.lease_ms", integer, "15000", "",
   "Lease in ms of a slot or a place in the queue kept in Redis: renewed every third of it while the call lives; a "
   "killed caller's is free after it.",
   range(1000, 3600000)},
  {"coordination.on_unavailable", string, "local", "",
   "When Redis cannot be reached: local runs the call under this host's own coordination.fallback_slots (recorded "
   "as degraded); block refuses it (exit 204).",
   choice("local|block")},
  {"coordination.password_file", string, "", "",
   "A file of mode 0600 (or stricter) holding the Redis password, an absolute path. Empty: no AUTH.",
   check(CheckKind::file_path)},
  {"coordination.redis", string, "redis://127.0.0.1:6379/0", "",
   "The Redis server (or Valkey, or anything speaking its protocol): redis://HOST[:PORT][/DB] or "
   "unix:///PATH[?db=DB]; never a password.",
   check(CheckKind::redis_address)},
  {"docker.compose_path", string, "", "SAFEDOCKER_REAL_DOCKER_COMPOSE",
   "The real docker-compose binary, an absolute file path, for the docker-compose shim. Empty: search PATH.",
   check(CheckKind::file_path)},
  {"docker.path", string, "", "SAFEDOCKER_REAL_DOCKER",
   "The real docker binary, an absolute file path. Empty: search PATH, skipping every entry that is safedocker itself.",
   check(CheckKind::file_path)},
  {"limits.acquire_timeout", integer, "600", "SAFEDOCKER_ACQUIRE_TIMEOUT",
   "Seconds a call waits for a slot before it fails (exit 204), naming the holders (at most a day).", range(0, 86400),
   WhenLocked::honoured}, // a caller may only shorten or lengthen its own wait
  {"limits.api_acquire_timeout", integer, "50", "",
   "Seconds a request through the API guard waits for a slot before a 503 with Retry-After: below the clients' own "
   "timeouts (docker-py's is 60).",
   range(0, 86400)},
  {"limits.lock_dir", string, "", "SAFEDOCKER_LOCK_DIR",
   "Where slots, the rate limit and the breaker live, an absolute path. Empty: $XDG_RUNTIME_DIR/safedocker, else "
   "/tmp/safedocker-UID.",
   check(CheckKind::dir_path)},
  {"limits.max_concurrent", integer, "3", "SAFEDOCKER_MAX_CONCURRENT",
   "Slots: docker calls that may run at once across every process of the machine.", range(1, 1000)},
  {"limits.min_interval_ms", integer, "0", "SAFEDOCKER_MIN_INTERVAL_MS",
   "Minimum time in ms between the starts of two docker calls, machine-wide (at most an hour). 0: off.",
   range(0, 3600000)},
  {"limits.notice_after", string, "2s", "SAFEDOCKER_NOTICE_AFTER",
   "How long a call waits for a slot or the rate limit before it says so on stderr: a duration, 0 (at once) or off.",
   check(CheckKind::delay), WhenLocked::honoured}, // only the caller's own stderr
  {"limits.shared", boolean, "false", "",
   "The lock directory is shared by several users (mode 0770/01770 or 01777, owned by root or us).",
   check(CheckKind::boolean)},
  {"limits.slot_classes", string, "daemon", "",
   "Comma-separated classes of calls that take a slot, at least one: client, streaming, interactive, daemon.",
   check(CheckKind::slot_classes)},
  {"policy.allow_bypass", boolean, "false", "",
   "Whether SAFEDOCKER_BYPASS=1 may let a blocked call run (it is always reported).", check(CheckKind::boolean)},
  {"policy.locked", boolean, "false", "",
   "true in /etc/safedocker/rules.toml (or the built-in rules): user rules files, SAFEDOCKER_RULES, "
   "SAFEDOCKER_BYPASS and the environment variables that could weaken the guard are ignored.",
   check(CheckKind::boolean)},
  {"probe.timeout_ms", integer, "1000", "", "Timeout in ms of the daemon health probe (GET /_ping).", range(50, 60000)},
  {"retry.base_ms", integer, "500", "",
   "Backoff: the first retry waits a random time up to this many ms; each further one doubles it.", range(0, 600000)},
  {"retry.cap_ms", integer, "8000", "", "Backoff: no retry waits longer than this many ms.", range(0, 3600000)},
  {"retry.max_attempts", integer, "4", "SAFEDOCKER_RETRY_MAX_ATTEMPTS",
   "Tries of a retryable call (pull, push, read-only commands), the first included. 1: no retry.", range(1, 20)},
  {"retry.patterns", string,
   "toomanyrequests,TLS handshake timeout,connection reset by peer,i/o timeout,502 Bad Gateway,503 Service "
   "Unavailable,net/http: request canceled,unexpected EOF",
   "", "Comma-separated stderr texts, at least one, that mark a failure as transient (retryable calls only).",
   check(CheckKind::words)},
};

static_assert(std::size(k_settings) == 50);

} // namespace

std::span<const SettingSpec>
setting_specs()
{
  return k_settings;
}

const SettingSpec*
find_setting(std::string_view key)
{
  // The table is sorted by key (a unit test holds it to that).
  const auto it = std::lower_bound(std::begin(k_settings), std::end(k_settings), key,
                                   [](const SettingSpec& spec, std::string_view k) { return spec.key < k; });
  return it != std::end(k_settings) && it->key == key ? &*it : nullptr;
}

namespace {

std::size_t
index_of(std::string_view key)
{
  const auto* spec = find_setting(key);
  if (spec == nullptr) {
    throw std::logic_error("unknown setting " + std::string(key));
  }
  return static_cast<std::size_t>(spec - std::begin(k_settings));
}

} // namespace

Settings::Settings()
{
  m_values.reserve(std::size(k_settings));
  for (const auto& spec : k_settings) {
    m_values.push_back({std::string(spec.default_value), "default"});
  }
}

void
Settings::set(std::string_view key, std::string value, std::string origin)
{
  m_values[index_of(key)] = {std::move(value), std::move(origin)};
}

const SettingValue&
Settings::get(std::string_view key) const
{
  return m_values[index_of(key)];
}

std::vector<Settings::Entry>
Settings::all() const
{
  std::vector<Entry> out;
  out.reserve(m_values.size());
  for (std::size_t i = 0; i < m_values.size(); ++i) {
    out.push_back({k_settings[i].key, m_values[i]});
  }
  return out;
}

std::int64_t
Settings::integer(std::string_view key) const
{
  return std::stoll(get(key).value);
}

} // namespace sd::config
