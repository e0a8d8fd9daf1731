#pragma once

// Every exit status safedocker itself produces. Anything else is docker's own status, passed
// through. Chosen outside docker's 125/126/127 and the 128+N signal range.

namespace sd::exit_code {

constexpr int k_ok = 0;
/// `guard` verb usage error.
constexpr int k_usage = 2;
/// The real docker (or docker-compose) could not be found: like a shell, 127.
constexpr int k_not_found = 127;
/// The policy blocked the call; nothing ran.
constexpr int k_blocked = 200;
/// The rules file is invalid or unreadable; nothing ran (fail closed).
constexpr int k_bad_rules = 201;
/// Running docker would run safedocker again (recursion); nothing ran.
constexpr int k_recursion = 202;
/// The real docker could not be started.
constexpr int k_spawn_failed = 203;
/// No admission slot within limits.acquire_timeout; nothing ran.
constexpr int k_slot_timeout = 204;
/// The circuit breaker is open: the daemon failed repeatedly; nothing ran.
constexpr int k_breaker_open = 205;
/// audit.required is set and the call could not be recorded; nothing ran.
constexpr int k_audit_failed = 206;
/// `guard session`: the session could not be started (its id is held by a live session, or the
/// state directory is unusable); the command did not run.
constexpr int k_session_failed = 209;
/// `guard cleanup`: another cleanup pass holds the lock; nothing was done.
constexpr int k_cleanup_busy = 210;

} // namespace sd::exit_code
