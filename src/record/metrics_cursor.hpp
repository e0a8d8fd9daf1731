#pragma once

#include "record/audit_cursor.hpp"
#include "record/audit_log.hpp"
#include "record/metric_counts.hpp"

#include <optional>
#include <string>
#include <string_view>

// The metrics' counts kept between runs of `guard stats --format openmetrics|prometheus`, with the
// place in the audit log where counting stopped. One file per user (beside the audit log, by
// default), updated under an exclusive lock, so a timer and a person running the same command
// see the same, never decreasing, counters.

namespace sd::record {

struct MetricsCursor
{
  std::string audit_path; ///< the log these counts follow; another path starts afresh
  AuditPosition position;
  MetricCounts counts;
  double created = 0; ///< when counting began, Unix seconds (OpenMetrics' _created); 0: not yet
};

/// Counts what was appended to the audit log of `config` since `cursor`, and moves it on. A cursor
/// of another log, or a new one, starts from nothing and reads every audit file.
void advance(MetricsCursor& cursor, const AuditConfig& config);

std::string encode_cursor(const MetricsCursor& cursor);
std::optional<MetricsCursor> decode_cursor(std::string_view text);

/// STATE_DIR/metrics-cursor.json (record::state_directory()).
std::string default_cursor_path();

struct CursorRun
{
  MetricsCursor cursor;
  std::optional<std::string> warning; ///< the saved cursor could not be read or written
};

/// Loads the cursor at `path` under an exclusive lock (PATH.lock), advances it and saves it. A
/// missing cursor starts from nothing; one that cannot be read (torn, edited) or saved is
/// reported in `warning` and the counts are those of every audit file, as a first run's are.
CursorRun advance_saved_cursor(const std::string& path, const AuditConfig& config);

} // namespace sd::record
