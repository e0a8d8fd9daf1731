#include "housekeeping/scheduler_state.hpp"

#include "admission/error.hpp"
#include "admission/state_dir.hpp"
#include "record/audit_log.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::housekeeping {

namespace {

template<typename T>
bool
read_field(const nlohmann::json& object, const char* key, T& out)
{
  const auto it = object.find(key);
  if (it == object.end()) {
    return true;
  }
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) {
      return false;
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!it->is_number()) {
      return false;
    }
  } else {
    if (!it->is_number_integer()) {
      return false;
    }
  }
  out = it->get<T>();
  return true;
}

} // namespace

nlohmann::json
state_json(const SchedulerState& s)
{
  return {
    {"last_run_ms", s.last_run_ms},
    {"last_reason", s.last_reason},
    {"last_result", s.last_result},
    {"last_exit", s.last_exit},
    {"last_removed", s.last_removed},
    {"last_reclaimed_bytes", s.last_reclaimed_bytes},
    {"last_duration_ms", s.last_duration_ms},
    {"last_detail", s.last_detail},
    {"next_run_ms", s.next_run_ms},
    {"last_check_ms", s.last_check_ms},
    {"last_skip_ms", s.last_skip_ms},
    {"last_skip_reason", s.last_skip_reason},
    {"runs", s.runs},
    {"skips", s.skips},
    {"total_removed", s.total_removed},
    {"total_reclaimed_bytes", s.total_reclaimed_bytes},
  };
}

std::string
encode_state(const SchedulerState& s)
{
  return std::string(k_state_header) + "\n"
         + state_json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<SchedulerState>
decode_state(std::string_view text, std::string& error)
{
  const auto newline = text.find('\n');
  if (newline == std::string_view::npos || text.substr(0, newline) != k_state_header) {
    error = "the first line is not \"" + std::string(k_state_header) + "\"";
    return std::nullopt;
  }
  const auto object = nlohmann::json::parse(text.substr(newline + 1), nullptr, false);
  if (!object.is_object()) {
    error = "the second line is not a JSON object";
    return std::nullopt;
  }
  SchedulerState s;
  const bool ok =
    read_field(object, "last_run_ms", s.last_run_ms) && read_field(object, "last_reason", s.last_reason)
    && read_field(object, "last_result", s.last_result) && read_field(object, "last_exit", s.last_exit)
    && read_field(object, "last_removed", s.last_removed)
    && read_field(object, "last_reclaimed_bytes", s.last_reclaimed_bytes)
    && read_field(object, "last_duration_ms", s.last_duration_ms) && read_field(object, "last_detail", s.last_detail)
    && read_field(object, "next_run_ms", s.next_run_ms) && read_field(object, "last_check_ms", s.last_check_ms)
    && read_field(object, "last_skip_ms", s.last_skip_ms) && read_field(object, "last_skip_reason", s.last_skip_reason)
    && read_field(object, "runs", s.runs) && read_field(object, "skips", s.skips)
    && read_field(object, "total_removed", s.total_removed)
    && read_field(object, "total_reclaimed_bytes", s.total_reclaimed_bytes);
  if (!ok) {
    error = "a field has the wrong type";
    return std::nullopt;
  }
  return s;
}

std::string
default_state_path()
{
  return record::state_directory() + "/scheduler.state";
}

StateLoad
load_state(const std::string& path)
{
  StateLoad load;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    if (errno != ENOENT) {
      load.problem = path + ": cannot read the scheduler state (" + std::strerror(errno) + "); starting fresh";
    }
    return load;
  }
  std::ostringstream text;
  text << file.rdbuf();
  std::string error;
  if (auto state = decode_state(text.str(), error)) {
    load.state = *state;
  } else {
    load.problem = path + ": corrupt scheduler state (" + error
                   + "); starting fresh, the audit log keeps every past run; remove the file to silence this";
  }
  return load;
}

std::optional<std::string>
save_state(const std::string& path, const SchedulerState& state)
{
  const auto slash = path.rfind('/');
  const std::string dir_path = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  try {
    // A checked directory (ours, not writable by others, never a symlink), so nobody else can
    // plant the temporary file or swap the state between the write and the rename.
    return admission::StateDir::open(dir_path, admission::Sharing::per_user).replace(name, encode_state(state));
  } catch (const admission::AdmissionError& error) {
    return error.what();
  }
}

} // namespace sd::housekeeping
