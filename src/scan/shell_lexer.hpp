#pragma once

#include "scan/shell_text.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

// A lexer for shell text, just deep enough to find simple commands and their words: quotes,
// escapes, `\`-newline, comments, the operators, subshells and groups, redirections, and
// here-documents. It expands nothing: `$VAR`, `$(…)` and backquotes stay in the word as
// written, and the commands inside `$(…)`, backquotes and `<(…)` are lexed too.

namespace sd::scan {

/// Whether some part of a word is only known when the shell runs it.
enum class Expansion : std::uint8_t {
  none, ///< the word is literal: what the program receives
  some, ///< `$x`, `${x}`, `$(…)`, `` `…` ``, `$((…))`: kept as typed
};

/// One word of a simple command, as the program would receive it (expansions aside).
struct Word
{
  std::string text;          ///< quotes removed, escapes applied, expansions as typed
  Offset origin = 0;         ///< file offset of the word's first byte
  Offset content_origin = 0; ///< file offset of its text's first byte: after an opening quote
  std::size_t offset = 0;    ///< where the word starts in the lexed ShellText
  Expansion expansion = Expansion::none;
};

/// A here-document's body: text()[begin, end) of the ShellText, its lines as written.
struct HereDoc
{
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// What ended a simple command.
enum class Separator : std::uint8_t { end, newline, semicolon, and_if, or_if, pipe, background, group };

/// A program and its arguments, with what ended it.
struct SimpleCommand
{
  std::vector<Word> words;        ///< redirections (`>x`, `2>&1`, `<<EOF`) left out
  std::vector<HereDoc> heredocs;  ///< bodies of the here-documents it reads
  std::vector<Word> here_strings; ///< the words of its here-strings (`<<< "…"`)
  Separator separator = Separator::end;
};

/// Receives the simple commands of one line (up to an unquoted newline and its here-document
/// bodies), in order, and the text their here-document ranges index; the commands inside a
/// `$(…)` or backquotes come as a line of their own.
using CommandSink = std::function<void(const ShellText&, std::span<const SimpleCommand>)>;

/// Lexes text()[begin, end) of `text`.
void lex_shell(const ShellText& text, std::size_t begin, std::size_t end, const CommandSink& sink);

/// Lexes all of `text`.
void lex_shell(const ShellText& text, const CommandSink& sink);

} // namespace sd::scan
