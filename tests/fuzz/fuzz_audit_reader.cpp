// libFuzzer target: the audit log reader behind `guard stats`, `guard log` and the metrics, over
// arbitrary file content (torn lines, bad UTF-8, fields of the wrong type, huge numbers).
// Input: the bytes of one audit file; lines are split on '\n' as std::getline does.

#include "record/audit_view.hpp"
#include "record/exposition.hpp"
#include "record/metric_counts.hpp"
#include "record/stats.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const sd::record::AuditFilter everything;
  const sd::record::AuditFilter some{"block", "force-rm", "container *", "invocation"};
  sd::record::Stats stats;
  sd::record::MetricsSnapshot metrics;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end;
    const auto line = text.substr(start, end - start);
    sd::record::count_line(stats, line, (size & 1) != 0 ? "2026-01-01T00:00:00.000Z" : "");
    sd::record::count_metric_line(metrics.counts, line);
    (void)sd::record::render_audit_line(line, everything, false);
    (void)sd::record::render_audit_line(line, some, (size & 2) != 0);
    start = end + 1;
  }
  sd::record::finish_stats(stats);
  // What `guard stats --json` prints: every key read back must serialise.
  const nlohmann::json out = {
    {"by_decision", stats.by_decision}, {"blocks_by_rule", stats.blocks_by_rule},
    {"by_command", stats.by_command},   {"by_event", stats.by_event},
    {"baseline", stats.baseline},       {"p99", sd::record::quantile(stats.duration_ms, 0.99)}};
  (void)out.dump();
  // The metrics of what was read: both formats, and the counts read back from their JSON.
  (void)sd::record::render_metrics(metrics, sd::record::ExpositionFormat::prometheus);
  (void)sd::record::render_metrics(metrics, sd::record::ExpositionFormat::openmetrics);
  if (!sd::record::metric_counts_from_json(
        nlohmann::json::parse(sd::record::metric_counts_json(metrics.counts)
                                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)))) {
    __builtin_trap(); // the cursor must read back what it wrote
  }
  if (stats.calls > stats.by_event["invocation"]) {
    __builtin_trap(); // every counted call is an invocation record
  }
  return 0;
}
