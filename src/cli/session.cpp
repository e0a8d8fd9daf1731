#include "housekeeping/session.hpp"
#include "admission/error.hpp"
#include "cli/verb_setup.hpp"
#include "housekeeping/admitted_docker.hpp"
#include "housekeeping/cleanup_pass.hpp"
#include "housekeeping/cleanup_report.hpp"
#include "housekeeping/stop_signal.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_record.hpp"
#include "run/daemon_state.hpp"
#include "run/spawn.hpp"
#include "util/environment.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"
#include "util/path_search.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <unistd.h>

namespace sd::cli {

namespace {

// The program a command word names: as given when it has a slash, else the first executable
// match on PATH (like execvp, without a shell).
std::string
find_command(const std::string& word)
{
  if (word.find('/') != std::string::npos) {
    return word;
  }
  // execvp's search, with its list when PATH is not set.
  const char* path = std::getenv("PATH");
  return util::find_on_path(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin", word,
                            util::RelativeEntries::searched);
}

std::string
teardown_summary(const housekeeping::PassReport& report)
{
  std::size_t counts[4] = {0, 0, 0, 0};
  for (const auto& removal : report.removed) {
    ++counts[static_cast<std::size_t>(removal.kind)];
  }
  return std::to_string(counts[0]) + " container(s), " + std::to_string(counts[2]) + " network(s), "
         + std::to_string(counts[3]) + " volume(s) removed";
}

} // namespace

VerbRunner
setup_session(CLI::App& guard)
{
  struct Options
  {
    std::string name;
    bool keep = false;
    bool volumes = false;
  };
  auto options = std::make_shared<Options>();
  auto* verb = guard.add_subcommand(
    "session",
    "Run a command as a test session: what it creates through safedocker is labelled, and removed when it ends");
  verb->add_option("--name", options->name, "The session id (default: sd-UNIXSECONDS-PID)");
  verb->add_flag("--keep", options->keep, "Leave what the session made when it ends");
  verb->add_flag("--volumes", options->volumes, "Also remove the session's named volumes when it ends");
  verb->footer("Usage: safedocker guard session [--name N] [--keep] [--volumes] -- CMD [ARGS...]");
  return [options](std::span<const std::string_view> rest) {
    if (rest.empty()) {
      std::fputs(
        "safedocker: error: guard session needs a command after --: safedocker guard session -- CMD [ARGS...]\n",
        stderr);
      return exit_code::k_usage;
    }
    const std::string id = options->name.empty() ? housekeeping::new_session_id() : options->name;
    if (!housekeeping::valid_session_id(id)) {
      std::fprintf(
        stderr,
        "safedocker: error: --name %s: use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit\n",
        id.c_str());
      return exit_code::k_usage;
    }
    const auto rules = policy::load_rules();
    const auto policy = housekeeping::cleanup_policy(rules.settings);
    const auto settings = run::admission_settings(rules.settings);
    std::vector<std::string> command(rest.begin(), rest.end());

    std::optional<admission::StateDir> dir;
    std::optional<housekeeping::SessionLease> lease;
    try {
      dir.emplace(run::open_lock_dir(settings));
      lease.emplace(housekeeping::start_session(*dir, {id, command, options->keep, options->volumes}));
    } catch (const admission::AdmissionError& error) {
      std::fprintf(stderr, "safedocker: error: %s; the command was not run\n", error.what());
      return exit_code::k_session_failed;
    }
    util::set_environment("SAFEDOCKER_SESSION", id); // for the command, and for our own records
    record::AuditTrail trail(record::audit_config(rules.settings));
    record::AuditRecord start;
    start.event = "session_start";
    start.argv = command;
    start.message = "session " + id;
    trail.write(start);

    const auto program = find_command(command.front());
    int status = 0;
    if (program.empty()) {
      std::fprintf(stderr, "safedocker: error: %s: command not found\n", command.front().c_str());
      status = exit_code::k_not_found;
    } else {
      // CMD inherits the locked descriptor: the session stays live while CMD (or anything it
      // started that keeps the descriptor) runs, even if this process is killed.
      const auto result = run::spawn_and_wait(program, command, {}, run::CaptureStderr::no, lease->lock_fd());
      if (result.status < 0) {
        std::fprintf(stderr, "safedocker: error: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
        status = errno == ENOENT ? exit_code::k_not_found : 126;
      } else {
        status = result.status;
      }
    }

    // The command has ended: from here a signal stops the teardown between two docker calls.
    housekeeping::catch_stop_signals();
    record::AuditRecord end;
    end.event = "session_end";
    end.argv = command;
    end.exit_code = status;
    if (options->keep) {
      lease->finish();
      end.message = "session " + id + " ended; --keep: what it made is left";
      trail.write(end);
      return status;
    }
    std::optional<housekeeping::AdmittedDocker> docker;
    try {
      docker.emplace(rules, trail);
    } catch (const Fatal& error) {
      // No docker to tear down with: the session stays dead for a later cleanup pass.
      lease->abandon();
      std::fprintf(stderr, "safedocker: session %s: no teardown: %s\n", id.c_str(), error.what());
      end.message = "session " + id + " ended; no teardown: " + error.what();
      trail.write(end);
      return status;
    }
    housekeeping::PassOptions pass;
    pass.scope.session = id;
    pass.scope.session_volumes = options->volumes;
    const auto report =
      housekeeping::run_pass(*docker, &*dir, policy, pass, {}, [] { return housekeeping::stop_signal(); });
    if (report.exit_code() == 0 && !report.sessions_held.empty()) {
      // Some of what it made was kept (a keep label or name, paused, still in use): the session
      // stays dead, so later passes still know those objects as an ended session's.
      lease->abandon();
      const auto summary = teardown_summary(report)
                           + "; what was kept (a keep label or name, paused, in use) stays "
                             "a dead session's for later cleanup passes";
      end.message = "session " + id + " ended; " + summary;
      std::fprintf(stderr, "safedocker: session %s ended: %s\n", id.c_str(), summary.c_str());
    } else if (report.exit_code() == 0) {
      lease->finish();
      end.message = "session " + id + " ended; " + teardown_summary(report);
      if (!report.removed.empty()) {
        std::fprintf(stderr, "safedocker: session %s ended: %s\n", id.c_str(), teardown_summary(report).c_str());
      }
    } else {
      // Left as a dead session: the next cleanup pass finishes the job.
      lease->abandon();
      end.message = "session " + id + " ended; teardown incomplete (exit " + std::to_string(report.exit_code())
                    + "), left for the next cleanup pass";
      std::fprintf(stderr,
                   "safedocker: session %s: teardown incomplete; the next `safedocker guard cleanup` finishes it\n%s",
                   id.c_str(), housekeeping::report_text(report).c_str());
    }
    trail.write(end);
    return report.signal != 0 ? 128 + report.signal : status;
  };
}

} // namespace sd::cli
