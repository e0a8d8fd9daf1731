#pragma once

#include <string_view>

// The Lua scripts of the fleet's circuit breaker (fleet_breaker.hpp). KEYS[1..7]: hashes keyed
// by host id, or by "*" for the fleet itself — count (consecutive daemon failures), last (the
// last failure, ms), reason, open (until when, ms: the next probe), opened (since, ms), probe
// (the prober's deadline; "*owner" names the host probing for the fleet) — and active (a zset
// of the hosts that made calls, by the time of their last). Host ids never contain '*' (the
// setting's check), so the fleet's fields cannot collide with a host's.

namespace sd::coordination::scripts {

/// ARGV: host, probe_timeout_ms, window_ms. Notes the host as active, then looks at the fleet's
/// state and the host's own: {verdict "closed"|"open"|"probe", whose ("*" or the host), opened
/// ms, next probe ms, reason, the host's consecutive failures}. "probe" goes to one caller only.
extern const std::string_view k_breaker_gate;

/// ARGV: host, "success"|"failure", reason, failure_threshold, open_ms, window_ms. Records the
/// outcome: a success clears the host's state (and, from the fleet's prober, every host's and
/// the fleet's); a failure counts, opens the host's own breaker at the threshold, and the
/// fleet's when failures within the window come from at least two hosts (every active host
/// when fewer) and add up to the threshold. Returns {the host's count, events…}: host_open,
/// host_close, fleet_open, fleet_close.
extern const std::string_view k_breaker_report;

/// ARGV: host. Changes nothing: {fleet open until ms, fleet opened ms, fleet reason, the host's
/// count, its open until ms, its opened ms, its reason} (0 or "" when not set).
extern const std::string_view k_breaker_view;

} // namespace sd::coordination::scripts
