#include "run/metrics_snapshot.hpp"

#include "admission/breaker.hpp"
#include "admission/clock.hpp"
#include "admission/daemon_dir.hpp"
#include "admission/error.hpp"
#include "admission/slots.hpp"
#include "run/daemon_state.hpp"

namespace sd::run {

std::vector<record::DaemonGauges>
daemon_gauges(const AdmissionSettings& settings)
{
  std::vector<record::DaemonGauges> out;
  try {
    const auto root = open_lock_dir(settings);
    admission::SystemClock clock;
    for (const auto& known : admission::list_daemons(root)) {
      try {
        const auto dir = admission::open_known_daemon_dir(root, known);
        const auto status = admission::Breaker(dir, breaker_config(settings), clock).status();
        out.push_back({known.key, std::string(admission::breaker_state_name(status.state)),
                       static_cast<int>(admission::list_holders(dir, settings.max_concurrent).size()),
                       admission::count_waiters(dir), settings.max_concurrent});
      } catch (const admission::AdmissionError&) {
        continue;
      }
    }
  } catch (const admission::AdmissionError&) {
    return {};
  }
  return out;
}

record::MetricsSnapshot
metrics_snapshot(const record::MetricsCursor& cursor, const record::AuditConfig& audit,
                 const AdmissionSettings& settings)
{
  record::MetricsSnapshot snapshot;
  snapshot.counts = cursor.counts;
  snapshot.created = cursor.created;
  snapshot.daemons = daemon_gauges(settings);
  snapshot.audit_write_failures = record::write_failures(audit);
  return snapshot;
}

} // namespace sd::run
