#include "record/metrics_cursor.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace sd::record {

namespace {

constexpr int k_cursor_version = 1;

} // namespace

void
advance(MetricsCursor& cursor, const AuditConfig& config)
{
  if (cursor.audit_path != config.path || cursor.created <= 0) {
    cursor = MetricsCursor{};
    cursor.audit_path = config.path;
    // Whole milliseconds: the value is written and read back as JSON, and must not drift.
    cursor.created = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count())
                     / 1000;
  }
  cursor.position = read_appended(audit_files(config), cursor.position,
                                  [&cursor](std::string_view line) { count_metric_line(cursor.counts, line); });
}

std::string
encode_cursor(const MetricsCursor& cursor)
{
  const nlohmann::json out = {{"v", k_cursor_version},
                              {"audit_path", cursor.audit_path},
                              {"created", cursor.created},
                              {"position", audit_position_json(cursor.position)},
                              {"counts", metric_counts_json(cursor.counts)}};
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<MetricsCursor>
decode_cursor(std::string_view text)
{
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object() || json.value("v", nlohmann::json()) != k_cursor_version
      || !json.value("audit_path", nlohmann::json()).is_string()
      || !json.value("created", nlohmann::json()).is_number()) {
    return std::nullopt;
  }
  MetricsCursor cursor;
  cursor.audit_path = json["audit_path"].get<std::string>();
  cursor.created = json["created"].get<double>();
  if (!audit_position_from_json(json.value("position", nlohmann::json()), cursor.position)) {
    return std::nullopt;
  }
  auto counts = metric_counts_from_json(json.value("counts", nlohmann::json()));
  if (!counts) {
    return std::nullopt;
  }
  cursor.counts = std::move(*counts);
  return cursor;
}

std::string
default_cursor_path()
{
  return state_directory() + "/metrics-cursor.json";
}

} // namespace sd::record
