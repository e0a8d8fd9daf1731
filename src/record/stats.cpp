#include "record/stats.hpp"

#include "record/audit_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace sd::record {

std::string
format_time(std::chrono::system_clock::time_point when)
{
  // Calendar arithmetic, not gmtime_r: glibc would read /etc/localtime on every call.
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(when);
  const auto day = floor<days>(ms);
  const year_month_day date(day);
  const hh_mm_ss time(ms - day);
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return text;
}

double
quantile(const std::vector<double>& sorted_values, double q)
{
  if (sorted_values.empty()) {
    return 0;
  }
  const auto index = static_cast<std::size_t>(q * static_cast<double>(sorted_values.size() - 1) + 0.5);
  return sorted_values[std::min(index, sorted_values.size() - 1)];
}

namespace {

void
add_sample(std::vector<double>& samples, const nlohmann::json& record, const char* key)
{
  if (const auto it = record.find(key); it != record.end() && it->is_number()) {
    samples.push_back(it->get<double>());
  }
}

} // namespace

void
count_line(Stats& stats, std::string_view line, std::string_view since)
{
  stats.bytes_read += line.size() + 1;
  if (line.empty()) {
    return;
  }
  const auto record = nlohmann::json::parse(line, nullptr, false);
  if (record.is_discarded() || !record.is_object()) {
    ++stats.torn_lines;
    return;
  }
  const auto event = text_field(record, "event");
  const auto time = text_field(record, "time");
  if (event == "zero") {
    const auto bytes_read = stats.bytes_read; // a new baseline: count from here
    stats = Stats();
    stats.bytes_read = bytes_read;
    stats.baseline = time;
    return;
  }
  // Times are fixed-width UTC text: they compare as strings.
  if (!since.empty() && time < since) {
    return;
  }
  ++stats.by_event[event];
  if (event == "breaker_open") {
    ++stats.breaker_trips;
  }
  if (event != "invocation") {
    return;
  }
  ++stats.calls;
  ++stats.by_channel[text_field(record, "channel", "cli")];
  const auto decision = text_field(record, "decision");
  ++stats.by_decision[decision];
  if (decision == "refused") {
    ++stats.by_refusal[text_field(record, "refusal", "-")];
  }
  if (decision == "block" && record.contains("rule") && record["rule"].is_string()) {
    ++stats.blocks_by_rule[record["rule"].get<std::string>()];
  }
  ++stats.by_command[text_field(record, "command", "-")];
  stats.retries += count_field(record, "retries");
  add_sample(stats.slot_wait_ms, record, "slot_wait_ms");
  add_sample(stats.duration_ms, record, "duration_ms");
}

void
finish_stats(Stats& stats)
{
  std::sort(stats.slot_wait_ms.begin(), stats.slot_wait_ms.end());
  std::sort(stats.duration_ms.begin(), stats.duration_ms.end());
}

Stats
compute_stats(const std::vector<std::string>& files, const std::string& since)
{
  Stats stats;
  std::string line;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    while (std::getline(in, line)) {
      count_line(stats, line, since);
    }
  }
  finish_stats(stats);
  return stats;
}

} // namespace sd::record
