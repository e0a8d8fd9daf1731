#pragma once

#include "housekeeping/cleanup_pass.hpp"
#include "run/wait_notice.hpp"

#include <string>

// A cleanup pass says how far it has got, on stderr: on a terminal one line redrawn in place
// (listing; removing N of M; bytes so far) and erased when the pass ends, before its report;
// elsewhere one line per batch of removals. stdout (the report, --json) is never touched.

namespace sd::housekeeping {

class CleanupProgress
{
public:
  explicit CleanupProgress(run::NoticeSink sink);

  /// Shows `progress` (PassOptions::progress).
  void operator()(const PassProgress& progress);

private:
  run::NoticeSink m_sink;
  run::StreamView m_view;
  bool m_drawn = false; ///< on a terminal: a line is on screen
};

/// The progress line without decoration: "removing 51-100 of 120 (containers); 3.4 MB reclaimed
/// so far"; empty for a stage that has none.
std::string progress_text(const PassProgress& progress);

} // namespace sd::housekeeping
