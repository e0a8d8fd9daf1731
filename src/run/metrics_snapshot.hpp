#pragma once

#include "record/audit_log.hpp"
#include "record/exposition.hpp"
#include "record/metrics_cursor.hpp"
#include "run/admission_settings.hpp"

#include <vector>

// What the metrics show now: the audit log's counts (a cursor brought up to date by the caller)
// beside what the lock directory says of each daemon at this moment.

namespace sd::run {

/// Breaker state, slots in use and waiters of every daemon the lock directory knows. A lock
/// directory or a daemon directory that cannot be read is left out (reported by guard health).
std::vector<record::DaemonGauges> daemon_gauges(const AdmissionSettings& settings);

record::MetricsSnapshot metrics_snapshot(const record::MetricsCursor& cursor, const record::AuditConfig& audit,
                                         const AdmissionSettings& settings);

} // namespace sd::run
