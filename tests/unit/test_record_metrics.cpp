#include "admission/breaker_record.hpp"
#include "record/audit_cursor.hpp"
#include "record/audit_log.hpp"
#include "record/exposition.hpp"
#include "record/metric_counts.hpp"
#include "record/metrics_cursor.hpp"
#include "test_admission_support.hpp"
#include "util/file_reading.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

using namespace sd;
using sd::admission::testing::TempDir;

namespace {

std::string
call(const std::string& decision, const std::string& rule = "", const std::string& channel = "", double wait_ms = 0,
     double took_ms = 12)
{
  nlohmann::json line = {
    {"v", 1},      {"event", "invocation"}, {"decision", decision}, {"slot_wait_ms", wait_ms}, {"duration_ms", took_ms},
    {"retries", 1}};
  line["rule"] = rule.empty() ? nlohmann::json() : nlohmann::json(rule);
  if (!channel.empty()) {
    line["channel"] = channel;
  }
  return line.dump();
}

void
append(const std::string& path, const std::string& text)
{
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
}

std::uint64_t
calls_with(const record::MetricCounts& counts, const std::string& decision)
{
  std::uint64_t n = 0;
  for (const auto& [key, count] : counts.calls) {
    n += std::get<1>(key) == decision ? count : 0;
  }
  return n;
}

std::vector<std::string>
read_all(const std::vector<std::string>& files, record::AuditPosition& position)
{
  std::vector<std::string> lines;
  position = record::read_appended(files, position, [&lines](std::string_view line) { lines.emplace_back(line); });
  return lines;
}

} // namespace

TEST_CASE("metric counts: calls by channel, decision and rule; histograms; events; torn lines; zero is ignored")
{
  record::MetricCounts counts;
  record::count_metric_line(counts, call("allow", "", "", 0, 12));
  record::count_metric_line(counts, call("block", "force-rm"));
  record::count_metric_line(counts, call("block", "force-rm", "api"));
  record::count_metric_line(counts, call("allow", "", "api", 700, 2000));
  record::count_metric_line(counts, R"({"v":1,"event":"zero"})");
  record::count_metric_line(counts, R"({"v":1,"event":"breaker_open","daemon":"unix:/run/docker.sock"})");
  record::count_metric_line(counts, R"({"v":1,"event":"breaker_reset","daemon":"unix:/run/docker.sock"})");
  record::count_metric_line(counts, R"({"v":1,"event":"cleanup","removed":4,"reclaimed_bytes":1000,"dry_run":false})");
  record::count_metric_line(counts, R"({"v":1,"event":"cleanup","removed":9,"reclaimed_bytes":9,"dry_run":true})");
  record::count_metric_line(counts, R"({"v":1,"event":"invoc)");
  record::count_metric_line(counts, R"({"v":1,"event":"invocation","decision":7,"slot_wait_ms":"x"})");

  CHECK(counts.calls.at({"cli", "allow", ""}) == 1);
  CHECK(counts.calls.at({"cli", "block", "force-rm"}) == 1);
  CHECK(counts.calls.at({"api", "block", "force-rm"}) == 1);
  CHECK(counts.calls.at({"api", "allow", ""}) == 1);
  CHECK(counts.calls.at({"cli", "", ""}) == 1); // a field of the wrong type counts as absent
  CHECK(counts.retries == 4);
  CHECK(counts.slot_wait.count == 4);      // the one with "x" has no wait
  CHECK(counts.slot_wait.buckets[0] == 3); // 0 s: the first bucket
  CHECK(counts.slot_wait.buckets[7] == 1); // 0.7 s: le 1
  CHECK(counts.slot_wait.sum == doctest::Approx(0.7));
  CHECK(counts.duration.buckets[8] == 1); // 2 s: le 2.5
  CHECK(counts.breaker_opens.at("unix:/run/docker.sock") == 1);
  CHECK(counts.breaker_closes.at("unix:/run/docker.sock") == 1);
  CHECK(counts.cleanup_passes == 1); // the dry run is not a pass that removed
  CHECK(counts.cleanup_removed == 4);
  CHECK(counts.cleanup_reclaimed_bytes == 1000);
  CHECK(counts.torn_lines == 1);
  CHECK(counts.lines == 11);

  const auto back = record::metric_counts_from_json(nlohmann::json::parse(record::metric_counts_json(counts).dump()));
  REQUIRE(back);
  CHECK(record::metric_counts_json(*back) == record::metric_counts_json(counts));
  CHECK_FALSE(record::metric_counts_from_json(nlohmann::json::parse(R"({"calls":[["cli","allow"]]})")));

  // A hand-edited huge time keeps the sum finite, so the cursor reads back what it wrote.
  record::count_metric_line(counts, R"({"event":"invocation","slot_wait_ms":1e308,"duration_ms":-5})");
  CHECK(counts.slot_wait.buckets.back() == 1);
  CHECK(counts.slot_wait.sum < 1e10);
  CHECK(record::metric_counts_from_json(nlohmann::json::parse(record::metric_counts_json(counts).dump())));
}

TEST_CASE("audit cursor: only appended lines are read, a line being written waits, rotation is followed")
{
  TempDir dir;
  const auto path = dir / "audit.jsonl";
  append(path, "one\ntwo\nthr");
  record::AuditPosition position;
  CHECK(read_all({path}, position) == std::vector<std::string>{"one", "two"});
  CHECK(position.offset == 8);
  CHECK(read_all({path}, position).empty());
  append(path, "ee\nfour\n");
  CHECK(read_all({path}, position) == std::vector<std::string>{"three", "four"});

  // Rotation: what the old file gained before it moved, then the new file.
  append(path, "five\nsix-torn");
  REQUIRE(std::rename(path.c_str(), (path + ".1").c_str()) == 0);
  append(path, "seven\n");
  CHECK(read_all({path + ".1", path}, position) == std::vector<std::string>{"five", "six-torn", "seven"});

  // The file read last rotated beyond keep: every file is read.
  REQUIRE(std::rename(path.c_str(), (path + ".2").c_str()) == 0);
  std::remove((path + ".2").c_str());
  std::remove((path + ".1").c_str());
  append(path, "eight\n");
  CHECK(read_all({path}, position) == std::vector<std::string>{"eight"});

  // Another file where the inode read last was (removed and made again, the inode reused):
  // its first bytes tell them apart, and it is read whole.
  record::AuditPosition reused = position;
  std::remove(path.c_str());
  append(path, "NINE\nten\n");
  const auto file = util::open_readable(path);
  REQUIRE(file);
  util::close_file(file->fd);
  reused.device = file->device;
  reused.inode = file->inode;
  CHECK(read_all({path}, reused) == std::vector<std::string>{"NINE", "ten"});
}

TEST_CASE("metrics cursor: counters never go back, across rotation and guard stats --zero, and survive a run")
{
  TempDir dir;
  record::AuditConfig audit;
  audit.path = dir / "audit.jsonl";
  audit.keep = 2;
  const auto cursor_path = dir / "metrics-cursor.json";

  append(audit.path, call("block", "force-rm") + "\n" + call("allow") + "\n");
  auto run = record::advance_saved_cursor(cursor_path, audit);
  CHECK_FALSE(run.warning);
  CHECK(calls_with(run.cursor.counts, "block") == 1);
  CHECK(run.cursor.created > 0);
  const auto created = run.cursor.created;

  append(audit.path, R"({"v":1,"event":"zero"})"
                     "\n"
                       + call("block", "force-rm") + "\n");
  REQUIRE(std::rename(audit.path.c_str(), (audit.path + ".1").c_str()) == 0);
  append(audit.path, call("block", "force-prune") + "\n");
  run = record::advance_saved_cursor(cursor_path, audit);
  CHECK(calls_with(run.cursor.counts, "block") == 3);
  CHECK(calls_with(run.cursor.counts, "allow") == 1);
  CHECK(run.cursor.created == created);

  // A second run with nothing new changes nothing.
  run = record::advance_saved_cursor(cursor_path, audit);
  CHECK(calls_with(run.cursor.counts, "block") == 3);

  // A cursor that cannot be read is said so, and counting starts from the files that exist.
  append(cursor_path, "garbage");
  run = record::advance_saved_cursor(cursor_path, audit);
  REQUIRE(run.warning);
  CHECK(run.warning->find("is not a metrics cursor") != std::string::npos);
  CHECK(calls_with(run.cursor.counts, "block") == 3);
}

TEST_CASE("exposition: Prometheus text and OpenMetrics name the same families; labels are escaped")
{
  record::MetricsSnapshot snapshot;
  record::count_metric_line(snapshot.counts, call("block", "odd\"rule\\x", "api"));
  record::count_metric_line(snapshot.counts, call("allow"));
  snapshot.created = 1765000000.5;
  snapshot.daemons.push_back({"unix:/run/docker.sock", "open", 2, 1, 3});
  snapshot.daemons.push_back(
    {"tcp:ci:2375", std::string(admission::breaker_state_name(admission::BreakerState::half_open)), 0, 0, 3});
  snapshot.audit_write_failures = 4;

  const auto text = record::render_metrics(snapshot, record::ExpositionFormat::prometheus);
  CHECK(text.find("# TYPE safedocker_calls_total counter\n") != std::string::npos);
  CHECK(text.find("safedocker_calls_total{channel=\"api\",decision=\"block\",rule=\"odd\\\"rule\\\\x\"} 1\n")
        != std::string::npos);
  CHECK(text.find("safedocker_blocked_calls_total{rule=\"odd\\\"rule\\\\x\"} 1\n") != std::string::npos);
  CHECK(text.find("safedocker_slot_wait_seconds_bucket{le=\"+Inf\"} 2\n") != std::string::npos);
  CHECK(text.find("safedocker_breaker_state{daemon=\"unix:/run/docker.sock\",state=\"open\"} 1\n")
        != std::string::npos);
  CHECK(text.find("safedocker_breaker_state{daemon=\"unix:/run/docker.sock\",state=\"closed\"} 0\n")
        != std::string::npos);
  CHECK(text.find("safedocker_slots_in_use{daemon=\"unix:/run/docker.sock\"} 2\n") != std::string::npos);
  // Each state as guard health names it: a half-open breaker is 1 in its own series.
  CHECK(text.find("safedocker_breaker_state{daemon=\"tcp:ci:2375\",state=\"half-open\"} 1\n") != std::string::npos);
  CHECK(text.find("safedocker_audit_write_failures_total 4\n") != std::string::npos);
  CHECK(text.find("_created") == std::string::npos);
  CHECK(text.find("# EOF") == std::string::npos);

  const auto open = record::render_metrics(snapshot, record::ExpositionFormat::openmetrics);
  CHECK(open.find("# TYPE safedocker_calls counter\n") != std::string::npos);
  CHECK(open.find("# UNIT safedocker_slot_wait_seconds seconds\n") != std::string::npos);
  CHECK(open.find("safedocker_calls_created{channel=\"cli\",decision=\"allow\",rule=\"\"} 1765000000.5\n")
        != std::string::npos);
  CHECK(open.size() > 6);
  CHECK(open.substr(open.size() - 6) == "# EOF\n");
}
