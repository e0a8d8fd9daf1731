#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include <nlohmann/json_fwd.hpp>

// The counters behind `guard stats --format openmetrics` and the API guard's /metrics: what the
// audit log says, folded one line at a time. Unlike `guard stats`, they never start again: a
// "zero" record (guard stats --zero) is a baseline for people, not for a dashboard, whose
// counters must only grow (Prometheus takes a drop for a restart). The counts are kept between
// runs with the place where reading stopped (record/audit_cursor.hpp), so a run reads only what
// was appended since.

namespace sd::record {

/// Upper bounds (seconds) of the histograms' buckets; +Inf follows.
inline constexpr std::array<double, 14> k_seconds_buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                          1,     2.5,  5,     10,   30,  60,   300};

struct Histogram
{
  std::array<std::uint64_t, k_seconds_buckets.size() + 1> buckets{}; ///< per bucket, not cumulative; last: +Inf
  std::uint64_t count = 0;
  double sum = 0; ///< seconds

  void observe(double seconds);
};

struct MetricCounts
{
  /// Calls (invocation records) by channel (cli, api), decision and rule ("" for none).
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> calls;
  std::uint64_t retries = 0;
  Histogram slot_wait;
  Histogram duration;
  std::map<std::string, std::uint64_t> breaker_opens;  ///< by daemon key
  std::map<std::string, std::uint64_t> breaker_closes; ///< by daemon key (a probe, a success, a reset)
  std::uint64_t cleanup_passes = 0;                    ///< passes that removed for real (not dry runs)
  std::uint64_t cleanup_removed = 0;
  std::uint64_t cleanup_reclaimed_bytes = 0;
  std::uint64_t torn_lines = 0;
  std::uint64_t lines = 0; ///< lines read, torn ones included
};

/// Folds one audit line (without its newline) into `counts`. Any bytes are accepted: a line
/// that is not one JSON object counts as torn; a field of an unexpected type as absent.
void count_metric_line(MetricCounts& counts, std::string_view line);

/// The counts as JSON, for the cursor file, and back; nullopt for JSON that is not such counts.
nlohmann::json metric_counts_json(const MetricCounts& counts);
std::optional<MetricCounts> metric_counts_from_json(const nlohmann::json& json);

} // namespace sd::record
