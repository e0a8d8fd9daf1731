#include "record/audit_view.hpp"

#include "record/audit_fields.hpp"
#include "util/glob.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace sd::record {

namespace {

bool
accepts(const AuditFilter& filter, const nlohmann::json& record)
{
  return (filter.decision.empty() || text_field(record, "decision", "") == filter.decision)
         && (filter.rule.empty() || text_field(record, "rule", "") == filter.rule)
         && (filter.event.empty() || text_field(record, "event", "") == filter.event)
         && (filter.command.empty() || util::glob_matches(filter.command, text_field(record, "command", "")));
}

// The exit status as written by safedocker: a whole number; anything else shows as "-".
std::string
exit_text(const nlohmann::json& record)
{
  const auto it = record.find("exit");
  if (it == record.end() || !(it->is_number_integer())) {
    return "-";
  }
  return it->is_number_unsigned() ? std::to_string(it->get<std::uint64_t>()) : std::to_string(it->get<std::int64_t>());
}

std::string
readable(const nlohmann::json& record)
{
  std::string argv;
  if (const auto it = record.find("argv"); it != record.end() && it->is_array()) {
    for (const auto& word : *it) {
      argv += (argv.empty() ? "" : " ") + (word.is_string() ? word.get<std::string>() : std::string("?"));
    }
  }
  const auto field = [&](const char* key) { return text_field(record, key, "-"); };
  char line[512];
  std::snprintf(line, sizeof line, "%s  %-10s %-8s exit %-4s %-8s ", field("time").c_str(), field("event").c_str(),
                field("decision").c_str(), exit_text(record).c_str(), field("user").c_str());
  std::string out = line;
  if (text_field(record, "channel", "") == "api") {
    // What the client sent and got, then the command line it stands for.
    const auto status = record.find("status");
    out +=
      "api " + field("method") + " " + field("path") + " -> "
      + (status != record.end() && status->is_number_integer() ? std::to_string(status->get<int>()) : std::string("-"))
      + (argv.empty() ? "" : "  (" + argv + ")");
  } else {
    out += argv;
  }
  if (const auto rule = field("rule"); rule != "-") {
    out += "  [" + rule + "]";
  }
  if (const auto message = field("message"); message != "-") {
    out += "  " + message;
  }
  return out;
}

} // namespace

std::optional<std::string>
render_audit_line(std::string_view line, const AuditFilter& filter, bool json)
{
  const auto record = nlohmann::json::parse(line, nullptr, false);
  if (record.is_discarded() || !record.is_object() || !accepts(filter, record)) {
    return std::nullopt;
  }
  return json ? std::string(line) : readable(record);
}

} // namespace sd::record
