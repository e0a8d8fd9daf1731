#pragma once

#include <string_view>

// The Lua scripts that keep one daemon's slots, queue and rate limit in Redis. Each runs
// atomically on the server and reads the time from the server only (TIME), so the hosts' clocks
// never matter. Every key of a daemon shares one Cluster hash tag ({daemon.HASH}); the wake keys
// are built inside the scripts from the prefix, with the same tag.
//
// Keys (KEYS[1..5]): holders (zset token → lease end, ms), info (hash token → the holder's or
// waiter's JSON: host, pid, command, since_ms), queue (zset token → ticket), waiting (zset token
// → the waiter's lease end), ticket (the counter). A token is HOST/PID/RANDOM.

namespace sd::coordination::scripts {

/// ARGV: token, slots, lease_ms, info JSON, wake prefix. Prunes holders and waiters whose lease
/// ended; grants when a slot is free and the caller heads the queue (or the queue is empty),
/// else queues the caller (or renews its place). A holder's record gets the server's time of the
/// grant as since_ms. Returns {granted 0|1, ticket, place in queue, server time ms}.
extern const std::string_view k_acquire;

/// ARGV: token, slots, wake prefix. Frees the caller's slot or place and wakes the head of the
/// queue when a slot is free. Returns 1.
extern const std::string_view k_release;

/// ARGV: token, lease_ms, info JSON. Renews a holder's lease, registering it again (with that
/// record) when the server lost it (a restart). Returns the holders' count.
extern const std::string_view k_renew;

/// KEYS[1]: the next start. ARGV: interval_ms. Reserves the next start at least interval_ms
/// after the previous one. Returns how long the caller waits, ms.
extern const std::string_view k_reserve_turn;

/// KEYS as k_acquire. Prunes, then returns {holders' info JSON…}, {waiters' info JSON…} in
/// queue order, and the server time ms.
extern const std::string_view k_view;

} // namespace sd::coordination::scripts
