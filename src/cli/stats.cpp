#include "record/stats.hpp"
#include "cli/verb_setup.hpp"
#include "housekeeping/scheduler_state.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_record.hpp"
#include "record/exposition.hpp"
#include "record/metrics_cursor.hpp"
#include "record/outcome.hpp"
#include "run/admission_settings.hpp"
#include "run/metrics_snapshot.hpp"
#include "util/exit_codes.hpp"
#include "util/replace_file.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace sd::cli {

namespace {

nlohmann::json
percentiles(const std::vector<double>& sorted)
{
  return {{"p50", record::quantile(sorted, 0.5)},
          {"p90", record::quantile(sorted, 0.9)},
          {"p99", record::quantile(sorted, 0.99)},
          {"max", sorted.empty() ? 0.0 : sorted.back()}};
}

std::string
top(const std::map<std::string, std::uint64_t>& counts, std::size_t limit)
{
  std::vector<std::pair<std::string, std::uint64_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (std::size_t i = 0; i < sorted.size() && i < limit; ++i) {
    text += (text.empty() ? "" : ", ") + sorted[i].first + " " + std::to_string(sorted[i].second);
  }
  return text.empty() ? "-" : text;
}

} // namespace

namespace {

std::uint64_t
count_of(const std::map<std::string, std::uint64_t>& counts, const char* key)
{
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

struct StatsOptions
{
  std::string since;
  bool json = false;
  bool zero = false;
  std::string format = "text";
  std::string output;
  std::string cursor;
};

// The metrics for a scraper: the saved cursor brought up to date (only what was appended since
// the last run is read), with the daemons' gauges of this moment.
int
write_metrics(const StatsOptions& options, const record::AuditConfig& audit, const config::Settings& settings)
{
  if (options.zero || !options.since.empty()) {
    std::fprintf(stderr,
                 "safedocker: error: --format %s: counters only grow, so --zero and --since do not apply "
                 "(a dashboard takes a range with rate() or increase())\n",
                 options.format.c_str());
    return exit_code::k_usage;
  }
  const auto run =
    record::advance_saved_cursor(options.cursor.empty() ? record::default_cursor_path() : options.cursor, audit);
  if (run.warning) {
    std::fprintf(stderr, "safedocker: warning: %s\n", run.warning->c_str());
  }
  const auto format =
    options.format == "openmetrics" ? record::ExpositionFormat::openmetrics : record::ExpositionFormat::prometheus;
  const auto text =
    record::render_metrics(run::metrics_snapshot(run.cursor, audit, run::admission_settings(settings)), format);
  if (options.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  if (const auto error = util::replace_file(options.output, text)) {
    std::fprintf(stderr, "safedocker: error: %s\n", error->c_str());
    return 1;
  }
  return 0;
}

} // namespace

VerbRunner
setup_stats(CLI::App& guard)
{
  using Options = StatsOptions;
  auto options = std::make_shared<Options>();
  auto* verb = guard.add_subcommand("stats", "Summarise the audit log: calls, decisions, blocks, timings");
  verb->add_option("--since", options->since, "Only records newer than DURATION (90s, 15m, 2h, 7d, 1w)");
  verb->add_flag("--json", options->json, "Print one JSON object (--format json)");
  verb->add_flag("--zero", options->zero, "Start a new baseline (records are kept)");
  verb
    ->add_option("--format", options->format,
                 "text, json, or metrics for a scraper: prometheus (text format 0.0.4: node_exporter's textfile "
                 "collector, promtool) or openmetrics")
    ->check(CLI::IsMember({"text", "json", "prometheus", "openmetrics"}));
  verb->add_option(
    "--output", options->output,
    "Write to FILE (replaced whole, mode 0644, e.g. in node_exporter's textfile directory) instead of stdout");
  verb->add_option(
    "--cursor", options->cursor,
    "Where the metrics' counts and reading place are kept between runs (default: STATE_DIR/metrics-cursor.json)");
  return [options](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto config = record::audit_config(rules.settings);
    if (options->json) {
      options->format = "json";
    }
    if (options->format == "prometheus" || options->format == "openmetrics") {
      return write_metrics(*options, config, rules.settings);
    }
    if (!options->output.empty() || !options->cursor.empty()) {
      std::fprintf(stderr, "safedocker: error: --output and --cursor go with --format prometheus or openmetrics\n");
      return exit_code::k_usage;
    }
    options->json = options->format == "json";
    if (options->zero) {
      record::AuditTrail trail(config);
      record::AuditRecord zero;
      zero.event = "zero";
      if (!trail.write(zero)) {
        return exit_code::k_audit_failed;
      }
      std::printf("statistics zeroed; the audit log %s keeps every record\n", config.path.c_str());
      return 0;
    }
    std::string since;
    if (!options->since.empty()) {
      const auto duration = record::parse_duration(options->since);
      if (!duration) {
        std::fprintf(stderr, "safedocker: error: --since %s: expected a number and a unit, e.g. 90s, 15m, 2h, 7d\n",
                     options->since.c_str());
        return exit_code::k_usage;
      }
      since = record::format_time(std::chrono::system_clock::now() - *duration);
    }
    const auto files = record::audit_files(config);
    const auto stats = record::compute_stats(files, since);
    // The cleanup scheduler's running totals: one small file, cheap to read.
    const auto cleanup = housekeeping::load_state(housekeeping::default_state_path()).state;
    if (options->json) {
      const nlohmann::json out = {
        {"audit_path", config.path},
        {"files", files},
        {"bytes_read", stats.bytes_read},
        {"baseline", stats.baseline.empty() ? nlohmann::json() : nlohmann::json(stats.baseline)},
        {"since", since.empty() ? nlohmann::json() : nlohmann::json(since)},
        {"calls", stats.calls},
        {"torn_lines", stats.torn_lines},
        {"by_decision", stats.by_decision},
        {"by_refusal", stats.by_refusal},
        {"by_channel", stats.by_channel},
        {"blocks_by_rule", stats.blocks_by_rule},
        {"by_command", stats.by_command},
        {"by_event", stats.by_event},
        {"retries", stats.retries},
        {"breaker_trips", stats.breaker_trips},
        {"slot_wait_ms", percentiles(stats.slot_wait_ms)},
        {"duration_ms", percentiles(stats.duration_ms)},
        {"cleanup",
         {{"runs", cleanup.runs},
          {"skips", cleanup.skips},
          {"removed", cleanup.total_removed},
          {"reclaimed_bytes", cleanup.total_reclaimed_bytes}}},
      };
      std::printf("%s\n", out.dump().c_str());
      return 0;
    }
    std::printf("audit log:       %s (%zu file(s), %.1f MB)\n", config.path.c_str(), files.size(),
                static_cast<double>(stats.bytes_read) / 1e6);
    std::printf("counting:        %s%s\n",
                stats.baseline.empty() ? "all records" : ("since baseline " + stats.baseline).c_str(),
                since.empty() ? "" : (", newer than " + since).c_str());
    std::printf("calls:           %llu\n", static_cast<unsigned long long>(stats.calls));
    std::string listed; // each decision once, in the outcome table's order
    for (const auto& row : record::k_outcomes) {
      const std::string decision(row.decision);
      if (listed.find("," + decision + ",") != std::string::npos) {
        continue;
      }
      listed += "," + decision + ",";
      std::printf("  %-14s %llu\n", decision.c_str(),
                  static_cast<unsigned long long>(count_of(stats.by_decision, decision.c_str())));
    }
    if (!stats.by_refusal.empty()) {
      std::printf("  refused by:    %s\n", top(stats.by_refusal, 10).c_str());
    }
    std::printf("by channel:      cli %llu, api %llu\n",
                static_cast<unsigned long long>(count_of(stats.by_channel, "cli")),
                static_cast<unsigned long long>(count_of(stats.by_channel, "api")));
    std::printf("blocks by rule:  %s\n", top(stats.blocks_by_rule, 10).c_str());
    std::printf("top commands:    %s\n", top(stats.by_command, 5).c_str());
    std::printf("retries:         %llu\n", static_cast<unsigned long long>(stats.retries));
    std::printf("breaker trips:   %llu\n", static_cast<unsigned long long>(stats.breaker_trips));
    std::printf("slot wait ms:    p50 %.1f  p90 %.1f  p99 %.1f\n", record::quantile(stats.slot_wait_ms, 0.5),
                record::quantile(stats.slot_wait_ms, 0.9), record::quantile(stats.slot_wait_ms, 0.99));
    std::printf("duration ms:     p50 %.1f  p90 %.1f  p99 %.1f\n", record::quantile(stats.duration_ms, 0.5),
                record::quantile(stats.duration_ms, 0.9), record::quantile(stats.duration_ms, 0.99));
    std::printf("cleanup:         %lld run(s), %lld removed, %lld bytes reclaimed (guard scheduler --status)\n",
                static_cast<long long>(cleanup.runs), static_cast<long long>(cleanup.total_removed),
                static_cast<long long>(cleanup.total_reclaimed_bytes));
    if (stats.torn_lines > 0) {
      std::printf("torn lines:      %llu (fragments of writes cut short, e.g. by a full disk)\n",
                  static_cast<unsigned long long>(stats.torn_lines));
    }
    return 0;
  };
}

} // namespace sd::cli
