#include "scan/extract_dockerfile.hpp"

#include "scan/extract_shell.hpp"
#include "scan/text_lines.hpp"

#include <cctype>
#include <string>

namespace sd::scan {

namespace {

std::string
upper(std::string_view word)
{
  std::string out(word);
  for (auto& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

struct HereDocMark
{
  std::string delimiter;
  bool strip_tabs = false;
};

// The here-document delimiters an instruction's text opens, in order.
std::vector<HereDocMark>
heredoc_marks(std::string_view text)
{
  std::vector<HereDocMark> marks;
  for (auto at = text.find("<<"); at != std::string_view::npos; at = text.find("<<", at + 2)) {
    std::size_t k = at + 2;
    if (k < text.size() && text[k] == '<') {
      at = k;
      continue; // a here-string
    }
    HereDocMark mark;
    if (k < text.size() && text[k] == '-') {
      mark.strip_tabs = true;
      ++k;
    }
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) {
      ++k;
    }
    const char quote = k < text.size() && (text[k] == '"' || text[k] == '\'') ? text[k] : '\0';
    if (quote != '\0') {
      ++k;
    }
    while (k < text.size()
           && (std::isalnum(static_cast<unsigned char>(text[k])) != 0 || text[k] == '_' || text[k] == '.'
               || text[k] == '-')) {
      mark.delimiter += text[k++];
    }
    if (!mark.delimiter.empty()) {
      marks.push_back(std::move(mark));
    }
  }
  return marks;
}

// The exec form `["docker", "rm", "-f", "x"]` at the start of `text`: its strings as words, or
// nothing when it is not a JSON array of strings (Docker then runs the text as shell).
bool
exec_form(const ShellText& text, std::vector<Word>& words)
{
  const std::string_view s = text.text();
  std::size_t k = s.find_first_not_of(" \t\n");
  if (k == std::string_view::npos || s[k] != '[') {
    return false;
  }
  ++k;
  const auto skip_space = [&] {
    while (k < s.size() && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n')) {
      ++k;
    }
  };
  skip_space();
  if (k < s.size() && s[k] == ']') {
    return true;
  }
  while (k < s.size()) {
    if (s[k] != '"') {
      return false;
    }
    Word word;
    word.origin = text.origin(k + 1); // the word itself, inside its quotes
    word.content_origin = word.origin;
    ++k;
    while (k < s.size() && s[k] != '"') {
      if (s[k] == '\\' && k + 1 < s.size()) {
        ++k;
        const char e = s[k];
        word.text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        word.text += s[k];
      }
      ++k;
    }
    if (k >= s.size()) {
      return false;
    }
    ++k;
    words.push_back(std::move(word));
    skip_space();
    if (k < s.size() && s[k] == ']') {
      return true;
    }
    if (k >= s.size() || s[k] != ',') {
      return false;
    }
    ++k;
    skip_space();
  }
  return false;
}

class Dockerfile
{
public:
  Dockerfile(std::string_view file, const CallSink& out)
    : m_lines(split_lines(file)),
      m_out(out)
  {}

  void run()
  {
    std::size_t i = read_directives();
    while (i < m_lines.size()) {
      const auto trimmed = trim_left(m_lines[i].text);
      if (trimmed.empty() || trimmed.starts_with('#')) {
        ++i;
        continue;
      }
      i = instruction(i);
    }
  }

private:
  // Parser directives (`# escape=``) come first; the first other line ends them.
  std::size_t read_directives()
  {
    std::size_t i = 0;
    for (; i < m_lines.size(); ++i) {
      const auto text = trim(m_lines[i].text);
      if (!text.starts_with('#')) {
        break;
      }
      const auto body = trim_left(text.substr(1));
      const auto equals = body.find('=');
      if (equals == std::string_view::npos) {
        break;
      }
      const auto name = upper(trim(body.substr(0, equals)));
      const auto value = trim(body.substr(equals + 1));
      if (name == "ESCAPE" && value.size() == 1) {
        m_escape = value.front();
      }
    }
    return i;
  }

  bool continued(std::string_view text) const
  {
    const auto trimmed = trim_right(text);
    return !trimmed.empty() && trimmed.back() == m_escape;
  }

  // Line n of the current instruction without its continuation: every line but the last
  // ends with the escape character (that is what continued it).
  std::string_view body(std::size_t n) const
  {
    std::string_view text = m_lines[m_instruction_lines[n]].text;
    if (n + 1 < m_instruction_lines.size()) {
      text = trim_right(text);
      text.remove_suffix(1);
    }
    return text;
  }

  // The instruction starting at line i; returns the line after it.
  std::size_t instruction(std::size_t i)
  {
    auto& lines = m_instruction_lines;
    lines.assign(1, i);
    std::size_t j = i;
    while (continued(m_lines[lines.back()].text) && j + 1 < m_lines.size()) {
      ++j;
      const auto trimmed = trim_left(m_lines[j].text);
      if (trimmed.empty() || trimmed.starts_with('#')) {
        continue; // Docker drops these inside a continued instruction
      }
      lines.push_back(j);
    }
    ++j;

    const std::string_view first = m_lines[i].text;
    std::size_t pos = first.find_first_not_of(" \t");
    auto word_end = first.find_first_of(" \t", pos);
    word_end = word_end == std::string_view::npos ? first.size() : word_end;
    auto keyword = upper(first.substr(pos, word_end - pos));
    pos = first.find_first_not_of(" \t", word_end);
    if (keyword == "ONBUILD" && pos != std::string_view::npos) {
      word_end = first.find_first_of(" \t", pos);
      word_end = word_end == std::string_view::npos ? first.size() : word_end;
      keyword = upper(first.substr(pos, word_end - pos));
      pos = first.find_first_not_of(" \t", word_end);
    }
    if (keyword != "RUN" || pos == std::string_view::npos) {
      return j;
    }
    // RUN's own flags (--mount=…, --network=…, --security=…), which may go on over several
    // continued lines: the command starts at line `start`, column `pos`.
    std::size_t start = 0;
    while (true) {
      const auto text = body(start);
      pos = pos < text.size() ? text.find_first_not_of(" \t", pos) : std::string_view::npos;
      if (pos == std::string_view::npos) {
        if (start + 1 < lines.size()) {
          ++start;
          pos = 0;
          continue;
        }
        pos = text.size();
        break;
      }
      if (!text.substr(pos).starts_with("--")) {
        break;
      }
      pos = std::min(text.find_first_of(" \t", pos), text.size());
    }

    ShellText& joined = m_joined;
    ShellText& shell = m_shell;
    joined.clear();
    shell.clear();
    for (std::size_t n = start; n < lines.size(); ++n) {
      const auto& line = m_lines[lines[n]];
      const auto text = body(n);
      const std::size_t skip = n == start ? std::min(pos, text.size()) : 0;
      const std::string_view piece = text.substr(skip);
      const bool more = n + 1 < lines.size();
      joined.append(piece, line.start + static_cast<Offset>(skip));
      shell.append(piece, line.start + static_cast<Offset>(skip));
      if (more) {
        joined.append(" ", line.start + static_cast<Offset>(line.text.size()));
        shell.append("\\\n", line.start + static_cast<Offset>(line.text.size()));
      }
    }
    std::vector<Word> words;
    if (exec_form(joined, words)) {
      find_in_argv(words, m_out);
      return j;
    }
    // Here-document bodies follow the instruction's lines.
    for (const auto& mark : heredoc_marks(joined.text())) {
      while (j < m_lines.size()) {
        const auto& line = m_lines[j];
        shell.append("\n", line.start);
        shell.append(line.text, line.start);
        ++j;
        std::string_view candidate = line.text;
        while (mark.strip_tabs && candidate.starts_with('\t')) {
          candidate.remove_prefix(1);
        }
        if (candidate == mark.delimiter) {
          break;
        }
      }
    }
    find_in_shell(shell, Dialect::dockerfile, m_out);
    return j;
  }

  std::vector<TextLine> m_lines;
  const CallSink& m_out;
  char m_escape = '\\';
  // One instruction at a time, the storage kept from one to the next.
  std::vector<std::size_t> m_instruction_lines; ///< its lines, comment lines left out
  ShellText m_joined;                           ///< the exec form's text: continuations removed
  ShellText m_shell;                            ///< the shell form's text: continuations kept for the lexer
};

} // namespace

void
extract_dockerfile(std::string_view file, const CallSink& out)
{
  Dockerfile dockerfile(file, out);
  dockerfile.run();
}

} // namespace sd::scan
