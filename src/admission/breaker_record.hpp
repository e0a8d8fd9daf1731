#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The breaker's state file format: one JSON object, {"format":"safedocker-breaker","v":1,…},
// written as one fixed-size record (state_dir.hpp). Pure: no files here.

namespace sd::admission {

/// The three states of the breaker.
enum class BreakerState : std::uint8_t {
  closed,    ///< calls run
  open,      ///< calls fail fast until opened_at + open_for
  half_open, ///< one process (the prober) runs a call; the others fail fast
};

/// The version written as "v"; a record of another version is treated as corrupt.
constexpr int k_breaker_format_version = 1;

/// Everything the state file holds. Times are ms since the epoch, 0 for none.
struct BreakerRecord
{
  BreakerState state = BreakerState::closed;
  int failures = 0;                   ///< consecutive daemon failures
  std::int64_t opened_at_ms = 0;      ///< when it last opened
  std::string reason;                 ///< the last failure's reason
  std::int64_t prober_pid = 0;        ///< half_open: the prober
  std::int64_t probe_deadline_ms = 0; ///< half_open: after this another process may probe
  std::string reset_by;               ///< who last reset it by hand
  std::int64_t reset_at_ms = 0;
  std::int64_t changed_at_ms = 0; ///< last write
};

/// "closed", "open", "half-open".
std::string_view breaker_state_name(BreakerState state);

/// The record as one line of JSON shorter than k_record_bytes (long texts are shortened).
std::string encode_breaker_record(const BreakerRecord& record);

/// Parses a record; nullopt when it is not valid JSON, not this format and version, or has a
/// field missing or of the wrong type (a truncated file included).
std::optional<BreakerRecord> decode_breaker_record(std::string_view text);

} // namespace sd::admission
