#include "record/audit_log.hpp"

#include "config/lock_dir.hpp"
#include "util/file_reading.hpp"

// The part of audit_log.hpp that every platform shares.

namespace sd::record {

std::string
rotated_audit_path(const std::string& path, int index)
{
  return path + "." + std::to_string(index);
}

AuditConfig
audit_config(const config::Settings& settings)
{
  AuditConfig config;
  config.enabled = settings.flag("audit.enabled");
  config.path = std::string(settings.text("audit.path"));
  if (config.path.empty()) {
    config.path = state_directory() + "/audit.jsonl";
  }
  // The ranges are the settings' own checks (config/setting_checks.cpp).
  config.max_bytes = static_cast<std::uint64_t>(settings.integer("audit.max_bytes"));
  config.keep = static_cast<int>(settings.integer("audit.keep"));
  config.required = settings.flag("audit.required");
  config.shared = settings.flag("limits.shared");
  config.failures_dir = config::lock_directory(settings);
  return config;
}

std::vector<std::string>
audit_files(const AuditConfig& config)
{
  std::vector<std::string> files;
  for (int k = config.keep; k >= 1; --k) {
    const auto name = rotated_audit_path(config.path, k);
    if (util::path_exists(name)) {
      files.push_back(name);
    }
  }
  if (util::path_exists(config.path)) {
    files.push_back(config.path);
  }
  return files;
}

} // namespace sd::record
