#pragma once

#include "record/metric_counts.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The metrics as text a scraper reads: Prometheus's text format (0.0.4; node_exporter's textfile
// collector, promtool) or OpenMetrics 1.0 (Prometheus's preferred scrape format: adds each
// counter's _created time and the closing # EOF). One table of families below, so both formats
// and the documentation name the same things.

namespace sd::record {

enum class ExpositionFormat : std::uint8_t {
  prometheus,
  openmetrics,
};

/// What one daemon's lock directory says now.
struct DaemonGauges
{
  std::string daemon;        ///< its key
  std::string breaker_state; ///< closed, open, half-open (admission::breaker_state_name)
  int slots_in_use = 0;
  int waiters = 0;
  int slots_limit = 0; ///< limits.max_concurrent
};

struct MetricsSnapshot
{
  MetricCounts counts;
  double created = 0; ///< when counting began, Unix seconds
  std::vector<DaemonGauges> daemons;
  std::uint64_t audit_write_failures = 0;
};

/// The content type a scraper is told for `format`.
const char* exposition_content_type(ExpositionFormat format);

std::string render_metrics(const MetricsSnapshot& snapshot, ExpositionFormat format);

} // namespace sd::record
