#include "record/metric_counts.hpp"

#include "record/audit_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sd::record {

void
Histogram::observe(double seconds)
{
  if (!(seconds >= 0)) { // negative or NaN: a clock stepped back, or a hand edit
    seconds = 0;
  }
  // A hand-edited 1e308 would make the sum infinite, which JSON cannot hold: the cursor would not
  // read back. Nothing real lasts a billion seconds.
  seconds = std::min(seconds, 1e9);
  const auto bound = std::lower_bound(k_seconds_buckets.begin(), k_seconds_buckets.end(), seconds);
  ++buckets[static_cast<std::size_t>(bound - k_seconds_buckets.begin())];
  ++count;
  sum += seconds;
}

namespace {

nlohmann::json
histogram_json(const Histogram& h)
{
  return {{"buckets", h.buckets}, {"count", h.count}, {"sum", h.sum}};
}

bool
histogram_from(const nlohmann::json& json, Histogram& h)
{
  if (!json.is_object() || !json.contains("buckets") || !json["buckets"].is_array()
      || json["buckets"].size() != h.buckets.size() || !json.value("count", nlohmann::json()).is_number_unsigned()
      || !json.value("sum", nlohmann::json()).is_number()) {
    return false;
  }
  for (std::size_t i = 0; i < h.buckets.size(); ++i) {
    if (!json["buckets"][i].is_number_unsigned()) {
      return false;
    }
    h.buckets[i] = json["buckets"][i].get<std::uint64_t>();
  }
  h.count = json["count"].get<std::uint64_t>();
  h.sum = json["sum"].get<double>();
  return true;
}

bool
counter_map_from(const nlohmann::json& json, std::map<std::string, std::uint64_t>& out)
{
  if (!json.is_object()) {
    return false;
  }
  for (const auto& [key, value] : json.items()) {
    if (!value.is_number_unsigned()) {
      return false;
    }
    out[key] = value.get<std::uint64_t>();
  }
  return true;
}

} // namespace

void
count_metric_line(MetricCounts& counts, std::string_view line)
{
  if (line.empty()) {
    return;
  }
  ++counts.lines;
  const auto record = nlohmann::json::parse(line, nullptr, false);
  if (record.is_discarded() || !record.is_object()) {
    ++counts.torn_lines;
    return;
  }
  const auto event = text_field(record, "event");
  if (event == "invocation") {
    ++counts.calls[{text_field(record, "channel", "cli"), text_field(record, "decision"), text_field(record, "rule")}];
    counts.retries += count_field(record, "retries");
    if (const auto wait = number_field(record, "slot_wait_ms")) {
      counts.slot_wait.observe(*wait / 1000);
    }
    if (const auto took = number_field(record, "duration_ms")) {
      counts.duration.observe(*took / 1000);
    }
  } else if (event == "breaker_open") {
    ++counts.breaker_opens[text_field(record, "daemon", "-")];
  } else if (event == "breaker_close" || event == "breaker_reset") {
    ++counts.breaker_closes[text_field(record, "daemon", "-")];
  } else if (event == "cleanup") {
    const auto dry = record.find("dry_run");
    if (dry != record.end() && dry->is_boolean() && dry->get<bool>()) {
      return;
    }
    ++counts.cleanup_passes;
    counts.cleanup_removed += count_field(record, "removed");
    counts.cleanup_reclaimed_bytes += count_field(record, "reclaimed_bytes");
  }
}

nlohmann::json
metric_counts_json(const MetricCounts& counts)
{
  auto calls = nlohmann::json::array();
  for (const auto& [key, n] : counts.calls) {
    calls.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
  }
  return {{"calls", calls},
          {"retries", counts.retries},
          {"slot_wait", histogram_json(counts.slot_wait)},
          {"duration", histogram_json(counts.duration)},
          {"breaker_opens", counts.breaker_opens},
          {"breaker_closes", counts.breaker_closes},
          {"cleanup_passes", counts.cleanup_passes},
          {"cleanup_removed", counts.cleanup_removed},
          {"cleanup_reclaimed_bytes", counts.cleanup_reclaimed_bytes},
          {"torn_lines", counts.torn_lines},
          {"lines", counts.lines}};
}

std::optional<MetricCounts>
metric_counts_from_json(const nlohmann::json& json)
{
  MetricCounts counts;
  if (!json.is_object() || !json.contains("calls") || !json["calls"].is_array()) {
    return std::nullopt;
  }
  for (const auto& row : json["calls"]) {
    if (!row.is_array() || row.size() != 4 || !row[0].is_string() || !row[1].is_string() || !row[2].is_string()
        || !row[3].is_number_unsigned()) {
      return std::nullopt;
    }
    counts.calls[{row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::string>()}] =
      row[3].get<std::uint64_t>();
  }
  const auto number = [&json](const char* key, std::uint64_t& out) {
    const auto it = json.find(key);
    if (it == json.end() || !it->is_number_unsigned()) {
      return false;
    }
    out = it->get<std::uint64_t>();
    return true;
  };
  if (!number("retries", counts.retries) || !number("cleanup_passes", counts.cleanup_passes)
      || !number("cleanup_removed", counts.cleanup_removed)
      || !number("cleanup_reclaimed_bytes", counts.cleanup_reclaimed_bytes) || !number("torn_lines", counts.torn_lines)
      || !number("lines", counts.lines) || !histogram_from(json.value("slot_wait", nlohmann::json()), counts.slot_wait)
      || !histogram_from(json.value("duration", nlohmann::json()), counts.duration)
      || !counter_map_from(json.value("breaker_opens", nlohmann::json()), counts.breaker_opens)
      || !counter_map_from(json.value("breaker_closes", nlohmann::json()), counts.breaker_closes)) {
    return std::nullopt;
  }
  return counts;
}

} // namespace sd::record
