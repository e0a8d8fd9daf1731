#include "run/fleet_connect.hpp"

#include "admission/error.hpp"
#include "coordination/error.hpp"

#include <charconv>

namespace sd::run {

namespace {

constexpr std::string_view k_pause_file = "coordination";

std::int64_t
now_ms()
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
    .count();
}

// "UNTIL_MS WHY" while the pause lasts.
std::optional<std::string>
paused_because(const admission::StateDir& dir)
{
  const auto fd = dir.open_file(k_pause_file, admission::OpenFor::reading);
  if (!fd.valid()) {
    return std::nullopt;
  }
  const auto content = admission::read_small_file(fd.get(), admission::k_record_bytes);
  if (!content) {
    return std::nullopt;
  }
  const auto record = admission::record_text(*content);
  std::int64_t until = 0;
  const auto [end, error] = std::from_chars(record.data(), record.data() + record.size(), until);
  if (error != std::errc() || until <= now_ms() || until > now_ms() + 3600000 || end == record.data() + record.size()) {
    return std::nullopt;
  }
  return std::string(end + 1, record.data() + record.size());
}

} // namespace

std::string
fleet_daemon_name(const AdmissionSettings::Coordination& settings, const std::string& key)
{
  if (!settings.daemon.empty()) {
    return settings.daemon;
  }
  if (key.starts_with("unix:") || key.starts_with("npipe:")) {
    return key + "@" + settings.host_id;
  }
  return key;
}

void
note_fleet_unavailable(const admission::StateDir& dir, const std::string& why)
{
  try {
    const auto fd = dir.open_file(k_pause_file, admission::OpenFor::updating);
    const auto until = now_ms() + std::chrono::milliseconds(k_unavailable_pause).count();
    admission::write_record(fd.get(), std::to_string(until) + " " + why.substr(0, 400));
  } catch (const admission::AdmissionError&) {
    // Without the note the next call tries the server again: slower, never weaker.
  }
}

coordination::Fleet
fleet_of(const AdmissionSettings& settings, const std::string& key)
{
  const auto& c = settings.coordination;
  std::string error;
  auto address = util::parse_redis_address(c.redis, error);
  if (!address) { // not reached: the setting's check refused it
    throw coordination::CoordinationError("coordination.redis: " + error);
  }
  return {{std::move(*address), c.password_file, std::chrono::milliseconds(c.connect_timeout_ms)},
          fleet_daemon_name(c, key),
          c.host_id,
          std::chrono::milliseconds(c.lease_ms)};
}

FleetConnection
connect_fleet(const AdmissionSettings& settings, const admission::StateDir& dir, const std::string& key)
{
  FleetConnection out;
  try {
    if (auto why = paused_because(dir)) {
      out.unavailable = std::move(*why);
      return out;
    }
  } catch (const admission::AdmissionError&) {
    // An unusable note is no pause.
  }
  try {
    out.client = coordination::connect_fleet_backend(fleet_of(settings, key));
  } catch (const coordination::CoordinationError& failure) {
    out.unavailable = failure.what();
    note_fleet_unavailable(dir, out.unavailable);
  }
  return out;
}

} // namespace sd::run
