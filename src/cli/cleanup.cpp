#include "admission/error.hpp"
#include "cli/verb_setup.hpp"
#include "housekeeping/admitted_docker.hpp"
#include "housekeeping/cleanup_pass.hpp"
#include "housekeeping/cleanup_progress.hpp"
#include "housekeeping/cleanup_report.hpp"
#include "housekeeping/image_use.hpp"
#include "housekeeping/stop_signal.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_record.hpp"
#include "record/logging.hpp"
#include "run/daemon_state.hpp"
#include "util/exit_codes.hpp"
#include "util/file_lock.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>

namespace sd::cli {

VerbRunner
setup_cleanup(CLI::App& guard)
{
  struct Options
  {
    bool dry_run = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* verb = guard.add_subcommand(
    "cleanup", "Remove old stopped containers, dead sessions' leftovers and old dangling images (never with force)");
  verb->add_flag("--dry-run", options->dry_run, "Print what a real pass would remove, and remove nothing");
  verb->add_flag("--json", options->json, "Print one JSON object");
  return [options](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto policy = housekeeping::cleanup_policy(rules.settings);
    housekeeping::catch_stop_signals();
    record::AuditTrail trail(record::audit_config(rules.settings));
    housekeeping::AdmittedDocker docker(rules, trail);
    // The lock directory holds the sessions' lock files; bookkeeping fails open, and a pass
    // that cannot read them keeps every session's objects (run_pass notes it).
    std::optional<admission::StateDir> lock_dir;
    try {
      lock_dir.emplace(run::open_lock_dir(docker.settings()));
    } catch (const admission::AdmissionError& error) {
      log::warn(std::string(error.what()) + "; the pass runs without admission control");
    }

    // One pass at a time per state directory (a second one would race the first's removals).
    admission::UniqueFd pass_lock;
    if (const auto* dir = lock_dir ? &*lock_dir : nullptr; dir != nullptr) {
      try {
        pass_lock = dir->open_file("cleanup.lock", admission::OpenFor::updating);
      } catch (const admission::AdmissionError& error) {
        std::fprintf(stderr, "safedocker: error: %s; nothing was done\n", error.what());
        return exit_code::k_cleanup_busy;
      }
      if (!util::try_lock_file(pass_lock.get(), util::FileLock::exclusive)) {
        std::fprintf(stderr, "safedocker: error: another cleanup pass is running (%s is locked); nothing was done\n",
                     dir->file_path("cleanup.lock").c_str());
        return exit_code::k_cleanup_busy;
      }
    }
    const auto uses = housekeeping::read_image_uses(record::audit_files(trail.config()));
    housekeeping::PassOptions pass_options;
    pass_options.dry_run = options->dry_run;
    pass_options.progress = housekeeping::CleanupProgress(run::stderr_sink());
    const auto report = housekeeping::run_pass(docker, lock_dir ? &*lock_dir : nullptr, policy, pass_options, uses,
                                               [] { return housekeeping::stop_signal(); });

    record::AuditRecord entry;
    entry.event = "cleanup";
    entry.argv = {"safedocker", "guard", "cleanup"};
    if (options->dry_run) {
      entry.argv.emplace_back("--dry-run");
    }
    entry.exit_code = report.exit_code();
    entry.duration_ms = (report.finished - report.started) * 1000.0;
    entry.message = std::string(options->dry_run ? "dry run: " : "") + std::to_string(report.removed.size())
                    + " removed, " + std::to_string(report.failed.size()) + " failed, "
                    + std::to_string(report.skipped.size()) + " not attempted, "
                    + std::to_string(report.reclaimed_bytes()) + " bytes reclaimed";
    entry.cleanup = record::CleanupTotals{report.removed.size(), report.failed.size(),
                                          static_cast<std::uint64_t>(report.reclaimed_bytes()), options->dry_run};
    trail.write(entry);

    if (options->json) {
      std::printf(
        "%s\n",
        housekeeping::report_json(report).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::fputs(housekeeping::report_text(report).c_str(), stdout);
    }
    std::fflush(stdout);
    return report.exit_code();
  };
}

} // namespace sd::cli
