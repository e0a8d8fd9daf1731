#include "housekeeping/cleanup_progress.hpp"

#include "housekeeping/thresholds.hpp"
#include "util/utf8.hpp"

namespace sd::housekeeping {

namespace {

constexpr std::string_view k_erase_line = "\r\x1b[K";

} // namespace

std::string
progress_text(const PassProgress& progress)
{
  switch (progress.stage) {
  case PassProgress::Stage::listing:
    return "safedocker: cleanup: listing containers, images, networks and volumes";
  case PassProgress::Stage::removing: {
    const auto first = progress.done + 1;
    const auto last = progress.done + progress.batch;
    std::string text = std::string("safedocker: cleanup: ") + (progress.dry_run ? "would remove " : "removing ")
                       + std::to_string(first) + (last > first ? "-" + std::to_string(last) : std::string()) + " of "
                       + std::to_string(progress.total) + " (" + std::string(kind_name(progress.kind))
                       + (progress.batch > 1 ? "s" : "") + ")";
    if (!progress.dry_run) {
      text += "; " + format_bytes(progress.bytes) + " reclaimed so far";
    }
    return text;
  }
  case PassProgress::Stage::done:
    return {};
  }
  return {};
}

CleanupProgress::CleanupProgress(run::NoticeSink sink)
  : m_sink(std::move(sink)),
    m_view(m_sink.view ? m_sink.view() : run::StreamView{})
{}

void
CleanupProgress::operator()(const PassProgress& progress)
{
  if (!m_sink.write) {
    return;
  }
  const auto text = progress_text(progress);
  if (!m_view.terminal) {
    if (progress.stage == PassProgress::Stage::removing) {
      m_sink.write(text + "\n"); // one line per batch: a CI log shows the pass moving
    }
    return;
  }
  if (text.empty()) {
    if (m_drawn) {
      m_sink.write(k_erase_line); // the report follows
      m_drawn = false;
    }
    return;
  }
  m_sink.write(std::string(k_erase_line) + util::fit_columns(text, run::line_columns(m_view)));
  m_drawn = true;
}

} // namespace sd::housekeeping
