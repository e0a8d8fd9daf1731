#pragma once

#include "admission/state_dir.hpp"
#include "config/settings.hpp"
#include "housekeeping/cleanup_plan.hpp"
#include "housekeeping/docker_calls.hpp"
#include "housekeeping/image_use.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

// One cleanup pass: look (docker ps/inspect), decide (plan_cleanup), act (docker stop/rm, never
// a force flag), report. A dry run takes the same path and skips only the removing calls.

namespace sd::housekeeping {

/// The cleanup.* settings in force. Throws sd::Fatal(k_bad_rules) naming the key, where it was
/// set and the fix, for a value that does not parse.
CleanupPolicy cleanup_policy(const config::Settings& settings);

/// How far a pass has got, for a progress line.
struct PassProgress
{
  enum class Stage : std::uint8_t { listing, removing, done };
  Stage stage = Stage::listing;
  std::size_t done = 0;                    ///< removals attempted before this batch
  std::size_t batch = 0;                   ///< removals in the batch that starts now
  std::size_t total = 0;                   ///< removals planned
  ObjectKind kind = ObjectKind::container; ///< of the batch
  std::int64_t bytes = 0;                  ///< reclaimed so far
  bool dry_run = false;
};

struct PassOptions
{
  bool dry_run = false;
  Scope scope;
  /// Told when the pass starts looking, before each batch of removals, and when it ends.
  std::function<void(const PassProgress&)> progress;
};

/// A removal that docker refused.
struct Failure
{
  Removal removal;
  std::string step; ///< "stop" or "rm"
  std::string error;
};

struct PassReport
{
  bool dry_run = false;
  Scope scope;
  double started = 0; ///< unix seconds
  double finished = 0;
  std::vector<Removal> removed; ///< done (a dry run: what a real run would remove)
  std::vector<Failure> failed;
  std::vector<Removal> skipped; ///< planned but not attempted: the pass was stopped
  std::vector<Kept> kept;
  std::vector<std::string> notes;
  std::vector<std::string> sessions_reaped; ///< dead sessions whose files were removed
  /// Ended sessions whose files stay because objects they made were kept (Plan::sessions_held).
  std::vector<std::string> sessions_held;
  int signal = 0;  ///< the signal that stopped the pass, or 0
  int refused = 0; ///< why the pass stopped early: safedocker's exit code when a docker call
                   ///< could not run (204, 205, 200, 203), or 1 when docker's listing failed
  std::string refused_reason;
  std::int64_t reclaimed_bytes() const;
  /// 0: done; 1: docker refused some removals, or a listing failed; 128+N: stopped by signal N
  /// after the call in progress; 204/205/200/203: a docker call could not run, the pass stopped.
  int exit_code() const;
};

/// Runs one pass. `dir` (may be null) holds the sessions; `stop_requested` returns the number of
/// a signal that asks the pass to stop (0: go on), checked between docker calls: the call in
/// progress always finishes, and a container is never left stopped but not removed.
PassReport run_pass(DockerCalls& docker, const admission::StateDir* dir, const CleanupPolicy& policy,
                    const PassOptions& options, const ImageUses& uses, const std::function<int()>& stop_requested);

} // namespace sd::housekeeping
