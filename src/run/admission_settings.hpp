#pragma once

#include "config/settings.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The admission settings in force (the limits, retry, breaker and probe sections) as plain
// values. The settings' validators (config/) have already refused what is out of range.

namespace sd::run {

struct AdmissionSettings
{
  std::string lock_dir; ///< resolved: limits.lock_dir, else $XDG_RUNTIME_DIR/safedocker, else /tmp/safedocker-UID
  bool shared = false;
  int max_concurrent = 3; ///< per daemon
  std::int64_t acquire_timeout_seconds = 600;
  std::vector<std::string> slot_classes;
  std::int64_t min_interval_ms = 0;
  std::optional<std::chrono::milliseconds> notice_after = std::chrono::seconds(2); ///< nullopt: never
  int max_attempts = 4;
  std::int64_t retry_base_ms = 500;
  std::int64_t retry_cap_ms = 8000;
  std::vector<std::string> transient_patterns;
  bool breaker_enabled = true;
  int failure_threshold = 3;
  std::int64_t open_seconds = 900;
  std::int64_t probe_timeout_ms = 1000;
  /// coordination.*: the backend is redis when `redis` is set.
  struct Coordination
  {
    std::string redis;         ///< coordination.redis when the backend is redis, else empty
    std::string password_file; ///< empty: no AUTH
    std::string host_id;       ///< resolved: coordination.host_id, else the host name
    std::string daemon;        ///< coordination.daemon, or empty
    std::int64_t connect_timeout_ms = 200;
    std::int64_t lease_ms = 15000;
    bool block_when_unavailable = false;
    int fallback_slots = 1;
  } coordination;
};

AdmissionSettings admission_settings(const config::Settings& settings);

} // namespace sd::run
