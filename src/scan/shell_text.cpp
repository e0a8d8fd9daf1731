#include "scan/shell_text.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

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
ShellText::append(std::string_view piece, Offset origin)
{
  if (!m_owned) {
    // Turning a view into owned text keeps the view's origins.
    const auto old = m_view;
    m_owned = true;
    m_text.clear();
    m_origins.clear();
    append(old, m_base);
  }
  m_text.append(piece);
  const auto old_size = m_origins.size();
  m_origins.resize(old_size + piece.size());
  std::iota(m_origins.begin() + static_cast<std::ptrdiff_t>(old_size), m_origins.end(), origin);
}

void
ShellText::append_at(std::string_view piece, Offset origin)
{
  if (!m_owned) {
    append({}, 0);
  }
  m_text.append(piece);
  m_origins.insert(m_origins.end(), piece.size(), origin);
}

Offset
ShellText::origin(std::size_t offset) const
{
  if (!m_owned) {
    return m_base + static_cast<Offset>(std::min(offset, m_view.size()));
  }
  if (m_origins.empty()) {
    return 0;
  }
  if (offset >= m_origins.size()) {
    return m_origins.back() + 1;
  }
  return m_origins[offset];
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
