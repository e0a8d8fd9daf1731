#include "scan/extract_yaml.hpp"

#include "scan/extract_shell.hpp"
#include "scan/text_lines.hpp"

#include <algorithm>
#include <array>

namespace sd::scan {

namespace {

constexpr std::array<std::string_view, 16> k_shell_keys = {
  "run", "script",  "before_script",  "after_script",  "command",       "commands",      "bash",         "shell",
  "cmd", "install", "before_install", "after_success", "after_failure", "before_deploy", "after_deploy", "pre_script",
};

std::size_t
indent_of(std::string_view text)
{
  const auto first = text.find_first_not_of(' ');
  return first == std::string_view::npos ? text.size() : first;
}

bool
is_blank(std::string_view text)
{
  return trim(text).empty();
}

bool
is_comment(std::string_view text)
{
  return trim_left(text).starts_with('#');
}

// A sequence entry at text[pos]: `- ` or a lone `-`.
bool
is_dash(std::string_view text, std::size_t pos)
{
  return pos < text.size() && text[pos] == '-'
         && (pos + 1 == text.size() || text[pos + 1] == ' ' || text[pos + 1] == '\t');
}

// A plain scalar ends at ` #`.
std::string_view
strip_comment(std::string_view text)
{
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '#' && (text[i - 1] == ' ' || text[i - 1] == '\t')) {
      return trim_right(text.substr(0, i));
    }
  }
  return trim_right(text);
}

// Whether a block scalar is shell code to read, or a value to step over.
enum class BlockUse : std::uint8_t { skip, read };

class YamlReader
{
public:
  YamlReader(std::string_view file, const CallSink& out)
    : m_lines(split_lines(file)),
      m_out(out)
  {}

  void run()
  {
    for (std::size_t i = 0; i < m_lines.size();) {
      i = step(i);
    }
  }

private:
  Offset at(std::size_t line, std::size_t column) const { return m_lines[line].start + static_cast<Offset>(column); }

  void emit(const ShellText& shell) { find_in_shell(shell, Dialect::shell, m_out); }

  // The text for the next value's shell code: one ShellText whose storage serves every value.
  ShellText& fresh_shell()
  {
    m_shell.clear();
    return m_shell;
  }

  std::size_t step(std::size_t i)
  {
    const std::string_view text = m_lines[i].text;
    if (is_blank(text) || is_comment(text)) {
      return i + 1;
    }
    std::size_t pos = indent_of(text);
    while (is_dash(text, pos)) {
      pos = text.find_first_not_of(" \t", pos + 1);
      if (pos == std::string_view::npos) {
        return i + 1;
      }
    }
    std::size_t colon = std::string_view::npos;
    std::string_view key;
    if (text[pos] == '"' || text[pos] == '\'') {
      const auto close = text.find(text[pos], pos + 1);
      if (close != std::string_view::npos && close + 1 < text.size() && text[close + 1] == ':') {
        key = text.substr(pos + 1, close - pos - 1);
        colon = close + 1;
      }
    } else if (text[pos] != '[' && text[pos] != '{' && text[pos] != '#') {
      for (std::size_t k = pos; k < text.size(); ++k) {
        if (text[k] == '#' && k > pos && (text[k - 1] == ' ' || text[k - 1] == '\t')) {
          break;
        }
        if (text[k] == ':' && (k + 1 == text.size() || text[k + 1] == ' ' || text[k + 1] == '\t')) {
          key = trim_right(text.substr(pos, k - pos));
          colon = k;
          break;
        }
      }
    }
    if (colon == std::string_view::npos) {
      return i + 1;
    }
    std::size_t value = text.find_first_not_of(" \t", colon + 1);
    if (value == std::string_view::npos) {
      value = text.size();
    }
    if (std::find(k_shell_keys.begin(), k_shell_keys.end(), key) != k_shell_keys.end()) {
      return read_value(i, pos, value);
    }
    if (value < text.size() && (text[value] == '|' || text[value] == '>')) {
      return read_block(i, pos, value, BlockUse::skip); // its lines are not keys
    }
    return i + 1;
  }

  // The value at text[pos] of line i, whose parent node sits at column `parent`.
  std::size_t read_value(std::size_t i, std::size_t parent, std::size_t pos)
  {
    const std::string_view text = m_lines[i].text;
    if (pos < text.size() && text[pos] == '&') { // an anchor
      pos = text.find_first_of(" \t", pos);
      pos = pos == std::string_view::npos ? text.size() : text.find_first_not_of(" \t", pos);
      pos = pos == std::string_view::npos ? text.size() : pos;
    }
    if (pos >= text.size() || text[pos] == '#') {
      std::size_t j = i + 1;
      while (j < m_lines.size() && (is_blank(m_lines[j].text) || is_comment(m_lines[j].text))) {
        ++j;
      }
      if (j < m_lines.size()) {
        const auto indent = indent_of(m_lines[j].text);
        if (indent >= parent && is_dash(m_lines[j].text, indent)) {
          return read_sequence(j, indent);
        }
      }
      return i + 1; // a mapping (`run:` then `command:`): its keys are read line by line
    }
    switch (text[pos]) {
    case '|':
    case '>':
      return read_block(i, parent, pos, BlockUse::read);
    case '"':
    case '\'':
      return read_quoted(i, pos);
    case '[':
      return read_flow(i, pos);
    case '*': // an alias
    case '!': // a tag: `!reference [.setup, script]`
      return i + 1;
    default:
      return read_plain(i, parent, pos);
    }
  }

  std::size_t read_sequence(std::size_t j, std::size_t indent)
  {
    while (j < m_lines.size()) {
      const std::string_view text = m_lines[j].text;
      if (is_blank(text) || is_comment(text)) {
        ++j;
        continue;
      }
      const auto here = indent_of(text);
      if (here < indent || (here == indent && !is_dash(text, here))) {
        break;
      }
      if (here > indent) {
        ++j; // part of an entry already read
        continue;
      }
      std::size_t pos = here;
      while (is_dash(text, pos)) {
        const auto next = text.find_first_not_of(" \t", pos + 1);
        pos = next == std::string_view::npos ? text.size() : next;
      }
      j = pos >= text.size() ? j + 1 : read_value(j, here, pos);
    }
    return j;
  }

  // A block scalar whose header is at text[pos]; its lines are those indented past `parent`.
  std::size_t read_block(std::size_t i, std::size_t parent, std::size_t pos, BlockUse use)
  {
    const std::string_view header = m_lines[i].text.substr(pos);
    const bool folded = header.front() == '>';
    std::size_t explicit_indent = 0;
    for (std::size_t k = 1; k < header.size() && header[k] != ' ' && header[k] != '#'; ++k) {
      if (header[k] >= '1' && header[k] <= '9') {
        explicit_indent = static_cast<std::size_t>(header[k] - '0');
      }
    }
    std::size_t j = i + 1;
    std::size_t content = explicit_indent > 0 ? parent + explicit_indent : 0;
    std::size_t last = i; // the last line with content
    while (j < m_lines.size()) {
      const std::string_view text = m_lines[j].text;
      if (!is_blank(text)) {
        const auto indent = indent_of(text);
        if (indent <= parent) {
          break;
        }
        if (content == 0) {
          content = indent;
        }
        last = j;
      }
      ++j;
    }
    if (use == BlockUse::read && last > i) {
      ShellText& shell = fresh_shell();
      bool previous_plain = false;
      for (std::size_t k = i + 1; k <= last; ++k) {
        const std::string_view text = m_lines[k].text;
        const std::size_t cut = std::min(content, text.size());
        const std::string_view body = is_blank(text) ? std::string_view() : text.substr(cut);
        const bool plain = !body.empty() && body.front() != ' ' && body.front() != '\t';
        if (k > i + 1) {
          // Folding joins plain lines with a space; literal blocks keep every newline.
          shell.append(folded && plain && previous_plain ? " " : "\n", at(k, 0));
        }
        shell.append(body, at(k, cut));
        previous_plain = plain;
      }
      emit(shell);
    }
    return last + 1;
  }

  // A quoted scalar starting at text[pos] of line i, maybe over several lines.
  std::size_t read_quoted(std::size_t i, std::size_t pos)
  {
    const char quote = m_lines[i].text[pos];
    ShellText& shell = fresh_shell();
    std::size_t line = i;
    std::size_t k = pos + 1;
    while (line < m_lines.size()) {
      const std::string_view text = m_lines[line].text;
      if (k >= text.size()) {
        // A line break inside quotes folds to a space.
        ++line;
        if (line >= m_lines.size()) {
          break;
        }
        shell.append(" ", at(line, 0));
        k = indent_of(m_lines[line].text);
        continue;
      }
      const char c = text[k];
      if (quote == '\'' && c == '\'') {
        if (k + 1 < text.size() && text[k + 1] == '\'') {
          shell.append("'", at(line, k));
          k += 2;
          continue;
        }
        break;
      }
      if (quote == '"' && c == '"') {
        break;
      }
      if (quote == '"' && c == '\\' && k + 1 < text.size()) {
        const char e = text[k + 1];
        const char decoded = e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : e;
        shell.append(std::string_view(&decoded, 1), at(line, k));
        k += 2;
        continue;
      }
      shell.append(text.substr(k, 1), at(line, k));
      ++k;
    }
    emit(shell);
    return line + 1;
  }

  // A flow sequence `[a, "b c"]` starting at text[pos] of line i: each entry is shell code.
  std::size_t read_flow(std::size_t i, std::size_t pos)
  {
    ShellText& entry = fresh_shell();
    std::size_t line = i;
    std::size_t k = pos + 1;
    char quote = 0;
    int depth = 1;
    const auto finish_entry = [&] {
      const auto body = trim(entry.text());
      if (!body.empty()) {
        emit(entry);
      }
      entry.clear();
    };
    while (line < m_lines.size() && depth > 0) {
      const std::string_view text = m_lines[line].text;
      if (k >= text.size()) {
        ++line;
        k = 0;
        entry.append(" ", line < m_lines.size() ? at(line, 0) : at(line - 1, text.size()));
        continue;
      }
      const char c = text[k];
      if (quote != 0) {
        if (c == quote) {
          if (quote == '\'' && k + 1 < text.size() && text[k + 1] == '\'') {
            entry.append("'", at(line, k));
            ++k;
          } else {
            quote = 0;
          }
        } else if (quote == '"' && c == '\\' && k + 1 < text.size()) {
          entry.append(text.substr(k + 1, 1), at(line, k));
          ++k;
        } else {
          entry.append(text.substr(k, 1), at(line, k));
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        ++depth;
      } else if (c == ']' || c == '}') {
        --depth;
      } else if (c == ',' && depth == 1) {
        finish_entry();
      } else {
        entry.append(text.substr(k, 1), at(line, k));
      }
      ++k;
    }
    finish_entry();
    return line + 1;
  }

  // A plain scalar at text[pos] of line i and its continuation lines (folded with spaces).
  std::size_t read_plain(std::size_t i, std::size_t parent, std::size_t pos)
  {
    ShellText& shell = fresh_shell();
    shell.append(strip_comment(m_lines[i].text.substr(pos)), at(i, pos));
    std::size_t j = i + 1;
    while (j < m_lines.size()) {
      const std::string_view text = m_lines[j].text;
      if (is_blank(text)) {
        ++j;
        continue;
      }
      const auto indent = indent_of(text);
      if (indent <= parent || is_comment(text)) {
        break;
      }
      shell.append(" ", at(j, 0));
      shell.append(strip_comment(text.substr(indent)), at(j, indent));
      ++j;
    }
    emit(shell);
    return j;
  }

  std::vector<TextLine> m_lines;
  const CallSink& m_out;
  ShellText m_shell;
};

} // namespace

void
extract_yaml(std::string_view file, const CallSink& out)
{
  YamlReader reader(file, out);
  reader.run();
}

} // namespace sd::scan
