#include "run/admission_settings.hpp"

#include "config/lock_dir.hpp"
#include "util/comma_list.hpp"
#include "util/duration.hpp"
#include "util/process_identity.hpp"

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::run {

AdmissionSettings
admission_settings(const config::Settings& settings)
{
  AdmissionSettings out;
  out.lock_dir = config::lock_directory(settings);
  out.shared = settings.flag("limits.shared");
  // The ranges are the settings' own checks (config/setting_checks.cpp): no clamping here.
  out.max_concurrent = static_cast<int>(settings.integer("limits.max_concurrent"));
  out.acquire_timeout_seconds = settings.integer("limits.acquire_timeout");
  out.slot_classes = util::split_comma_list(settings.text("limits.slot_classes"));
  out.min_interval_ms = settings.integer("limits.min_interval_ms");
  if (const auto delay = util::parse_delay(settings.text("limits.notice_after")); delay && !delay->off) {
    out.notice_after = delay->after;
  } else {
    out.notice_after.reset(); // off (a bad value never gets here: the settings' check refuses it)
  }
  out.max_attempts = static_cast<int>(settings.integer("retry.max_attempts"));
  out.retry_base_ms = settings.integer("retry.base_ms");
  out.retry_cap_ms = settings.integer("retry.cap_ms");
  out.transient_patterns = util::split_comma_list(settings.text("retry.patterns"));
  out.breaker_enabled = settings.flag("breaker.enabled");
  out.failure_threshold = static_cast<int>(settings.integer("breaker.failure_threshold"));
  out.open_seconds = settings.integer("breaker.open_seconds");
  out.probe_timeout_ms = settings.integer("probe.timeout_ms");
  if (settings.text("coordination.backend") == "redis") {
    auto& c = out.coordination;
    c.redis = settings.text("coordination.redis");
    c.password_file = settings.text("coordination.password_file");
    c.host_id = settings.text("coordination.host_id");
    if (c.host_id.empty()) {
      c.host_id = util::host_name();
    }
    c.daemon = settings.text("coordination.daemon");
    c.connect_timeout_ms = settings.integer("coordination.connect_timeout_ms");
    c.lease_ms = settings.integer("coordination.lease_ms");
    c.block_when_unavailable = settings.text("coordination.on_unavailable") == "block";
    c.fallback_slots = static_cast<int>(settings.integer("coordination.fallback_slots"));
  }
  return out;
}

} // namespace sd::run
