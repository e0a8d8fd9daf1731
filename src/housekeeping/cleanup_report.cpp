#include "housekeeping/cleanup_report.hpp"

#include "record/stats.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>

namespace sd::housekeeping {

namespace {

std::string
time_text(double seconds)
{
  return record::format_time(std::chrono::system_clock::time_point(
    std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(seconds))));
}

std::string
signal_name(int signal)
{
  switch (signal) {
  case SIGINT:
    return "SIGINT";
  case SIGTERM:
    return "SIGTERM";
#ifdef SIGHUP // not on Windows
  case SIGHUP:
    return "SIGHUP";
#endif
  default:
    return "signal " + std::to_string(signal);
  }
}

std::string
bytes_text(std::int64_t bytes)
{
  char text[32];
  if (bytes >= 1000000000) {
    std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
  } else if (bytes >= 1000000) {
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  } else if (bytes >= 1000) {
    std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
  } else {
    std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
  }
  return text;
}

std::string
short_text(const std::string& id)
{
  std::string_view view = id;
  if (view.starts_with("sha256:")) {
    view.remove_prefix(7);
  }
  return std::string(view.substr(0, 12));
}

nlohmann::json
removal_json(const Removal& removal)
{
  return {{"kind", kind_name(removal.kind)},
          {"id", removal.id},
          {"name", removal.name},
          {"reason", removal.reason},
          {"session", removal.session.empty() ? nlohmann::json() : nlohmann::json(removal.session)},
          {"stopped", removal.stop_first},
          {"bytes", removal.bytes}};
}

} // namespace

nlohmann::json
report_json(const PassReport& report)
{
  auto removed = nlohmann::json::array();
  for (const auto& removal : report.removed) {
    removed.push_back(removal_json(removal));
  }
  auto failed = nlohmann::json::array();
  for (const auto& failure : report.failed) {
    auto entry = removal_json(failure.removal);
    entry["step"] = failure.step;
    entry["error"] = failure.error;
    failed.push_back(entry);
  }
  auto skipped = nlohmann::json::array();
  for (const auto& removal : report.skipped) {
    skipped.push_back(removal_json(removal));
  }
  auto kept = nlohmann::json::array();
  for (const auto& entry : report.kept) {
    kept.push_back({{"kind", kind_name(entry.kind)}, {"id", entry.id}, {"name", entry.name}, {"reason", entry.reason}});
  }
  return {{"v", 1},
          {"dry_run", report.dry_run},
          {"session", report.scope.session.empty() ? nlohmann::json() : nlohmann::json(report.scope.session)},
          {"started", time_text(report.started)},
          {"finished", time_text(report.finished)},
          {"removed", removed},
          {"failed", failed},
          {"skipped", skipped},
          {"kept", kept},
          {"sessions_reaped", report.sessions_reaped},
          {"sessions_held", report.sessions_held},
          {"notes", report.notes},
          {"reclaimed_bytes", report.reclaimed_bytes()},
          {"interrupted", report.signal != 0 ? nlohmann::json(signal_name(report.signal)) : nlohmann::json()},
          {"refused", report.refused != 0 ? nlohmann::json(report.refused_reason) : nlohmann::json()},
          {"exit", report.exit_code()}};
}

std::string
report_text(const PassReport& report)
{
  std::string out;
  const char* verb = report.dry_run ? "would remove" : "removed";
  for (const auto& removal : report.removed) {
    out += std::string(verb) + " " + std::string(kind_name(removal.kind)) + " " + removal.name;
    if (removal.kind != ObjectKind::image && removal.kind != ObjectKind::volume) {
      out += " (" + short_text(removal.id) + ")";
    }
    out += ": " + removal.reason + (removal.stop_first ? "; stopped first" : "") + "\n";
  }
  for (const auto& failure : report.failed) {
    out += "failed " + std::string(kind_name(failure.removal.kind)) + " " + failure.removal.name + " (docker "
           + failure.step + "): " + failure.error + "\n";
  }
  for (const auto& note : report.notes) {
    out += "note: " + note + "\n";
  }
  out += std::string(report.dry_run ? "dry run: " : "") + std::to_string(report.removed.size()) + " "
         + (report.dry_run ? "would go" : "removed") + ", " + std::to_string(report.kept.size()) + " kept, "
         + std::to_string(report.failed.size()) + " failed; " + (report.dry_run ? "would reclaim " : "reclaimed ")
         + bytes_text(report.reclaimed_bytes()) + "\n";
  if (report.signal != 0) {
    out += "stopped by " + signal_name(report.signal) + " after the call in progress; "
           + std::to_string(report.skipped.size()) + " removal(s) not attempted\n";
  }
  if (report.refused != 0) {
    out += "stopped: " + report.refused_reason + "; " + std::to_string(report.skipped.size())
           + " removal(s) not attempted\n";
  }
  return out;
}

} // namespace sd::housekeeping
