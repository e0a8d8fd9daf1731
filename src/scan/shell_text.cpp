#include "scan/shell_text.hpp"

#include <algorithm>
#include <cstring>

namespace sd::scan {

ShellText
ShellText::view(std::string_view text, Offset base)
{
  ShellText shell;
  shell.m_owned = false;
  shell.m_view = text;
  shell.m_base = base;
  return shell;
}

void
ShellText::add_run(std::size_t length, Offset origin, bool same)
{
  if (length == 0) {
    return;
  }
  same = same && length > 1; // one byte is the same either way: let it join its neighbours
  if (!m_runs.empty()) {
    // Bytes that continue the last run (the usual case: a line appended a character or a
    // stretch at a time) extend it instead of starting a new one.
    const auto& last = m_runs.back();
    const auto last_length = m_text.size() - last.start;
    const bool continues =
      last.same ? same && origin == last.origin : !same && origin == last.origin + static_cast<Offset>(last_length);
    if (continues) {
      return;
    }
  }
  m_runs.push_back({m_text.size(), origin, same});
}

void
ShellText::clear()
{
  m_owned = true;
  m_view = {};
  m_base = 0;
  m_text.clear();
  m_runs.clear();
  m_last_run = 0;
}

void
ShellText::append(std::string_view piece, Offset origin)
{
  if (!m_owned) {
    // Turning a view into owned text keeps the view's origins.
    const auto old = m_view;
    m_owned = true;
    m_text.clear();
    m_runs.clear();
    append(old, m_base);
  }
  add_run(piece.size(), origin, false);
  m_text.append(piece);
}

void
ShellText::append_at(std::string_view piece, Offset origin)
{
  if (!m_owned) {
    append({}, 0);
  }
  add_run(piece.size(), origin, true);
  m_text.append(piece);
}

Offset
ShellText::owned_origin(std::size_t offset) const
{
  if (m_runs.empty()) {
    return 0;
  }
  if (offset >= m_text.size()) {
    return owned_origin(m_text.size() - 1) + 1;
  }
  const auto holds = [this, offset](std::size_t k) {
    return m_runs[k].start <= offset && (k + 1 == m_runs.size() || offset < m_runs[k + 1].start);
  };
  if (!(m_last_run < m_runs.size() && holds(m_last_run))) {
    if (m_last_run + 1 < m_runs.size() && holds(m_last_run + 1)) {
      ++m_last_run;
    } else {
      const auto after = std::upper_bound(m_runs.begin(), m_runs.end(), offset,
                                          [](std::size_t at, const Run& run) { return at < run.start; });
      m_last_run = static_cast<std::size_t>(after - m_runs.begin()) - 1;
    }
  }
  const auto& run = m_runs[m_last_run];
  return run.same ? run.origin : run.origin + static_cast<Offset>(offset - run.start);
}

LineIndex::LineIndex(std::string_view file)
  : m_file(file)
{
  m_starts.push_back(0);
  const char* begin = file.data();
  const char* end = begin + file.size();
  for (const char* p = begin; p < end;) {
    const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (newline == nullptr) {
      break;
    }
    p = newline + 1;
    m_starts.push_back(static_cast<Offset>(p - begin));
  }
}

Position
LineIndex::at(Offset offset) const
{
  const auto it = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
  const auto line = static_cast<std::size_t>(it - m_starts.begin()); // 1-based
  const Offset start = m_starts[line - 1];
  std::uint32_t column = 1;
  for (Offset i = start; i < offset && i < m_file.size(); ++i) {
    // Count code points: UTF-8 continuation bytes do not start a character.
    if ((static_cast<unsigned char>(m_file[i]) & 0xC0U) != 0x80U) {
      ++column;
    }
  }
  return {static_cast<std::uint32_t>(line), column};
}

Offset
LineIndex::line_start(std::uint32_t line) const
{
  if (line == 0) {
    return 0;
  }
  if (line > m_starts.size()) {
    return static_cast<Offset>(m_file.size());
  }
  return m_starts[line - 1];
}

} // namespace sd::scan
