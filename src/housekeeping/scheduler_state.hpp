#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// What the cleanup scheduler remembers between runs and restarts, in the file
// STATE_DIR/scheduler.state (record::state_directory()):
//
//   # safedocker scheduler state v1
//   {"last_run_ms":1795850400000,"last_reason":"schedule","last_result":"ok",…}
//
// A version line, then one JSON object. It is replaced atomically (a temporary file in the same
// directory, fsync, rename), so a reader or a crash sees the old state or the new one, never a
// mix. Times are milliseconds since the Unix epoch, 0 for never.

namespace sd::housekeeping {

/// The version line; a file with another first line is not read.
constexpr std::string_view k_state_header = "# safedocker scheduler state v1";

struct SchedulerState
{
  std::int64_t last_run_ms = 0;  ///< when the last cleanup pass started
  std::string last_reason;       ///< schedule, threshold or once
  std::string last_result;       ///< ok, failed or interrupted
  int last_exit = 0;             ///< the cleanup command's exit status
  std::int64_t last_removed = 0; ///< objects the last pass removed
  std::int64_t last_reclaimed_bytes = 0;
  double last_duration_ms = 0;
  std::string last_detail;        ///< the thresholds exceeded, or what went wrong
  std::int64_t next_run_ms = 0;   ///< the next scheduled run, as the scheduler last saw it
  std::int64_t last_check_ms = 0; ///< the last threshold check
  std::int64_t last_skip_ms = 0;  ///< the last pass skipped (circuit breaker open)
  std::string last_skip_reason;
  std::int64_t runs = 0; ///< passes run (interrupted ones included)
  std::int64_t skips = 0;
  std::int64_t total_removed = 0;
  std::int64_t total_reclaimed_bytes = 0;
};

/// The file's text: the version line and one JSON line.
std::string encode_state(const SchedulerState& state);

/// The state's fields as a JSON object, named as in the file (times as *_ms since the epoch):
/// the one list of them, for the file and for `guard scheduler --status --json`.
nlohmann::json state_json(const SchedulerState& state);

/// Parses a state file's text; nullopt with `error` set when the version line is missing or
/// another, the JSON does not parse, or a field has the wrong type.
std::optional<SchedulerState> decode_state(std::string_view text, std::string& error);

/// The state file: STATE_DIR/scheduler.state.
std::string default_state_path();

/// A loaded state and what was wrong with the file, if anything.
struct StateLoad
{
  SchedulerState state;
  std::string problem; ///< empty, or "PATH: corrupt scheduler state (…)"; `state` is then fresh
};

/// Reads the state at `path`. A missing file is a fresh state without a problem.
StateLoad load_state(const std::string& path);

/// Writes `state` to `path` atomically (temporary file, fsync, rename), creating the directory
/// (0700) when missing. The directory must be ours and not writable by others, and is never
/// reached through a symlink (admission::StateDir). Returns an error message, or nullopt.
std::optional<std::string> save_state(const std::string& path, const SchedulerState& state);

} // namespace sd::housekeeping
