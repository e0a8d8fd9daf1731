#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Shell text cut out of a file (a YAML block, a Makefile recipe, a Python string, or a whole
// script), with the file offset every byte came from, so a finding can name the file's line
// and column however the text was unindented, unescaped or joined.

namespace sd::scan {

/// A byte offset in the scanned file. Files over 10 MB are skipped, so 32 bits are plenty.
using Offset = std::uint32_t;

/// Text for the lexer: a view of a whole file, or pieces appended with their origins.
class ShellText
{
public:
  /// `text` itself (it must outlive this), byte i coming from file offset `base + i`.
  static ShellText view(std::string_view text, Offset base = 0);

  /// Empties the text, keeping its storage for the next piece of shell code.
  void clear();

  /// Appends `piece`, byte i of it coming from file offset `origin + i`.
  void append(std::string_view piece, Offset origin);
  /// Appends `piece`, every byte of it coming from file offset `origin` (a substituted value).
  void append_at(std::string_view piece, Offset origin);

  /// The text, valid while this lives (or, for a view, while the viewed text lives).
  std::string_view text() const { return m_owned ? std::string_view(m_text) : m_view; }
  /// Its length in bytes.
  std::size_t size() const { return text().size(); }

  /// The file offset byte `offset` came from; the end (and beyond) maps just past the last byte.
  Offset origin(std::size_t offset) const
  {
    // Inline for a view, a whole file: the lexer asks twice per word.
    return m_owned ? owned_origin(offset) : m_base + static_cast<Offset>(std::min(offset, m_view.size()));
  }

private:
  /// Bytes of m_text from `start` up to the next run's start: byte `start + i` comes from
  /// `origin + i`, or from `origin` itself when `same` (a substituted value).
  struct Run
  {
    std::size_t start = 0;
    Offset origin = 0;
    bool same = false;
  };

  void add_run(std::size_t length, Offset origin, bool same);
  Offset owned_origin(std::size_t offset) const;

  bool m_owned = true;
  std::string_view m_view;
  Offset m_base = 0;
  std::string m_text;
  std::vector<Run> m_runs;            ///< sorted by start; one run for each stretch appended in one go
  mutable std::size_t m_last_run = 0; ///< where origin() last looked: the lexer asks in order
};

/// 1-based line and column (in Unicode code points) of a file offset.
struct Position
{
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// Maps file offsets to lines and columns.
class LineIndex
{
public:
  /// Indexes the line starts of `file`, which must outlive this.
  explicit LineIndex(std::string_view file);
  /// The line and column of file offset `offset`.
  Position at(Offset offset) const;
  /// The offset where 1-based `line` starts (the file's end past the last line).
  Offset line_start(std::uint32_t line) const;

private:
  std::string_view m_file;
  std::vector<Offset> m_starts;
};

} // namespace sd::scan
