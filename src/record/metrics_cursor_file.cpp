#include "record/metrics_cursor.hpp"

#include "admission/error.hpp"
#include "admission/state_dir.hpp"

#include <cerrno>
#include <cstring>

namespace sd::record {

CursorRun
advance_saved_cursor(const std::string& path, const AuditConfig& config)
{
  CursorRun run;
  const auto slash = path.rfind('/');
  const std::string dir_path = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  try {
    // A checked directory (ours, never a symlink): nobody else can swap the cursor.
    const auto dir = admission::StateDir::open(dir_path, admission::Sharing::per_user);
    const auto lock = dir.open_file(name + ".lock", admission::OpenFor::updating);
    dir.lock(lock, name + ".lock", util::FileLock::exclusive);
    if (const auto fd = dir.open_file(name, admission::OpenFor::reading); fd.valid()) {
      const auto text = admission::read_small_file(fd.get(), 16 * 1024 * 1024);
      auto saved = text ? decode_cursor(*text) : std::nullopt;
      if (saved) {
        run.cursor = std::move(*saved);
      } else {
        run.warning = dir.file_path(name)
                      + " is not a metrics cursor (torn or edited); counting starts again from the "
                        "audit files that exist";
      }
    }
    advance(run.cursor, config);
    if (auto error = dir.replace(name, encode_cursor(run.cursor))) {
      run.warning = *error + "; the next run counts again from the audit files that exist";
    }
  } catch (const admission::AdmissionError& error) {
    run.warning = std::string(error.what()) + "; counted every audit file without a cursor";
    run.cursor = MetricsCursor{};
    advance(run.cursor, config);
  }
  return run;
}

} // namespace sd::record
