#pragma once

#include "util/duration.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sd::record {

/// "90s", "15m", "2h", "7d", "1w" (util/duration.hpp).
using util::parse_duration;

/// "2026-11-28T03:49:58.123Z" for a point in time (the audit log's time format).
std::string format_time(std::chrono::system_clock::time_point when);

struct Stats
{
  std::uint64_t calls = 0;      ///< invocation records counted
  std::uint64_t torn_lines = 0; ///< lines that are not one JSON object (a disk-full fragment)
  std::uint64_t bytes_read = 0;
  std::map<std::string, std::uint64_t> by_decision;
  std::map<std::string, std::uint64_t> by_refusal; ///< refused calls by why (record/outcome.hpp)
  std::map<std::string, std::uint64_t> by_channel; ///< cli (the shim, no channel field) or api (the proxy)
  std::map<std::string, std::uint64_t> blocks_by_rule;
  std::map<std::string, std::uint64_t> by_command;
  std::map<std::string, std::uint64_t> by_event; ///< every record, by its event
  std::uint64_t retries = 0;
  std::uint64_t breaker_trips = 0;
  std::vector<double> slot_wait_ms;
  std::vector<double> duration_ms;
  std::string baseline; ///< time of the last `guard stats --zero`, or empty
};

/// Counts one line of an audit file into `stats` (`line` without its newline). Any bytes are
/// accepted: a line that is not one JSON object counts as torn; a field of an unexpected type
/// counts as absent. Never throws for the content of the line.
void count_line(Stats& stats, std::string_view line, std::string_view since);

/// Sorts the timing samples; call once after the last count_line.
void finish_stats(Stats& stats);

/// Streams `files` (oldest first) line by line. Counts records after the last "zero" event and
/// not older than `since` (an audit-format time; empty for all).
Stats compute_stats(const std::vector<std::string>& files, const std::string& since);

/// The value at quantile q (0…1) of sorted `values`; 0 when empty.
double quantile(const std::vector<double>& sorted_values, double q);

} // namespace sd::record
