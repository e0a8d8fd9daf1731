#include "scan/shell_lexer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

namespace sd::scan {

namespace {

// Deeper `$(…)` nesting is skipped, not lexed: the stack stays small on hostile input.
constexpr int k_max_depth = 32;

constexpr bool
is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

constexpr bool
is_meta(char c)
{
  return is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

// Characters with no meaning inside a word: everything but quotes, `\`, `$`, `` ` ``, `=` and
// the metacharacters.
constexpr bool
is_plain(char c)
{
  switch (c) {
  case '\\':
  case '\'':
  case '"':
  case '$':
  case '`':
  case '=':
    return false;
  default:
    return !is_meta(c);
  }
}

// is_plain of every byte, looked up: the test of the lexer's innermost loop.
constexpr auto k_plain_bytes = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    table[c] = is_plain(static_cast<char>(c));
  }
  return table;
}();

// Characters with a meaning inside double quotes.
constexpr bool
in_double_quotes_special(char c)
{
  return c == '"' || c == '\\' || c == '$' || c == '`';
}

bool
is_name_start(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool
is_name_char(char c)
{
  return is_name_start(c) || (c >= '0' && c <= '9');
}

bool
is_name(std::string_view text)
{
  return !text.empty() && is_name_start(text.front()) && std::all_of(text.begin(), text.end(), is_name_char);
}

// The commands being built at one nesting level: `$(…)` starts a new frame. batch[0, used) are
// the line's finished commands and batch[used] the one being read; the entries past it keep
// their storage for the next lines, so a long script is lexed without an allocation per command.
struct Frame
{
  std::vector<SimpleCommand> batch{1};
  std::size_t used = 0;
  bool current_has_heredoc = false;

  SimpleCommand& current() { return batch[used]; }

  /// Makes batch[used] an empty command to read into.
  void start_command()
  {
    if (used == batch.size()) {
      batch.emplace_back();
    }
    auto& command = batch[used];
    command.words.clear();
    command.heredocs.clear();
    command.here_strings.clear();
    command.separator = Separator::end;
    current_has_heredoc = false;
  }
};

// Frames not in use, kept per thread with their storage: shell code is lexed in many small
// pieces (a YAML block, a recipe line), each by a new Lexer.
thread_local std::vector<std::unique_ptr<Frame>> t_spare_frames;

// A frame from the spares (or a new one), given back when this goes out of scope.
class FrameLease
{
public:
  FrameLease()
  {
    if (t_spare_frames.empty()) {
      m_frame = std::make_unique<Frame>();
    } else {
      m_frame = std::move(t_spare_frames.back());
      t_spare_frames.pop_back();
    }
    m_frame->used = 0;
    m_frame->start_command();
  }
  ~FrameLease()
  {
    // A frame that grew very large (a minified one-line script) is not kept.
    if (m_frame->batch.size() <= k_max_kept_commands) {
      t_spare_frames.push_back(std::move(m_frame));
    }
  }
  FrameLease(const FrameLease&) = delete;
  FrameLease& operator=(const FrameLease&) = delete;

  Frame& operator*() { return *m_frame; }

private:
  static constexpr std::size_t k_max_kept_commands = 256;
  std::unique_ptr<Frame> m_frame;
};

struct PendingHereDoc
{
  std::string delimiter;
  bool strip_tabs = false;
  Frame* frame = nullptr; ///< nullptr once its frame is gone: the body is only skipped
  std::size_t index = 0;  ///< the command's index in frame->batch
};

class Lexer
{
public:
  Lexer(const ShellText& shell, std::size_t begin, std::size_t end, const CommandSink& sink, int depth)
    : m_shell(shell),
      m_text(shell.text()),
      m_pos(std::min(begin, m_text.size())),
      m_end(std::min(end, m_text.size())),
      m_sink(sink),
      m_depth(depth)
  {}

  void run() { lex_list(Stop::end); }

private:
  enum class Stop : std::uint8_t { end, paren };

  char peek(std::size_t ahead = 1) const { return m_pos + ahead < m_end ? m_text[m_pos + ahead] : '\0'; }

  void finish(Frame& frame, Separator separator)
  {
    if (frame.current().words.empty() && !frame.current_has_heredoc) {
      return; // nothing to keep: blank lines, `;;`, a `(` after an operator
    }
    frame.current().separator = separator;
    ++frame.used;
    frame.start_command();
  }

  void flush(Frame& frame)
  {
    if (frame.used > 0) {
      m_sink(m_shell, std::span<const SimpleCommand>(frame.batch.data(), frame.used));
      frame.used = 0;
      frame.start_command();
    }
  }

  void lex_list(Stop stop)
  {
    FrameLease lease;
    Frame& frame = *lease;
    int groups = 0; // `(` opened in this frame
    bool closed = false;
    while (!closed) {
      skip_blanks();
      if (m_pos >= m_end) {
        break;
      }
      const char c = m_text[m_pos];
      switch (c) {
      case '\n':
        finish(frame, Separator::newline);
        ++m_pos;
        read_heredoc_bodies();
        flush(frame);
        break;
      case '#':
        while (m_pos < m_end && m_text[m_pos] != '\n') {
          ++m_pos;
        }
        break;
      case ';':
        finish(frame, Separator::semicolon);
        ++m_pos;
        while (peek(0) == ';' || peek(0) == '&') { // `;;`, `;&`, `;;&` end a case branch
          ++m_pos;
        }
        break;
      case '&':
        if (peek() == '&') {
          finish(frame, Separator::and_if);
          m_pos += 2;
        } else if (peek() == '>') {
          redirection(frame);
        } else {
          finish(frame, Separator::background);
          ++m_pos;
        }
        break;
      case '|':
        if (peek() == '|') {
          finish(frame, Separator::or_if);
          m_pos += 2;
        } else {
          finish(frame, Separator::pipe);
          m_pos += peek() == '&' ? 2U : 1U;
        }
        break;
      case '(':
        finish(frame, Separator::group);
        ++groups;
        ++m_pos;
        break;
      case ')':
        ++m_pos;
        if (groups > 0) {
          --groups;
          finish(frame, Separator::group);
        } else if (stop == Stop::paren) {
          closed = true;
        } else {
          finish(frame, Separator::group);
        }
        break;
      case '<':
      case '>':
        if (peek() == '(') {
          read_and_keep_word(frame);
        } else {
          redirection(frame);
        }
        break;
      default:
        read_and_keep_word(frame);
        break;
      }
    }
    finish(frame, Separator::end);
    // A here-document whose line has not ended here cannot be attached to this frame any more.
    for (auto& pending : m_pending) {
      if (pending.frame == &frame) {
        pending.frame = nullptr;
      }
    }
    flush(frame);
  }

  void read_and_keep_word(Frame& frame)
  {
    // Read in place, and taken back when it is no word: no move per word. Nested lexers use
    // frames of their own, so `words` does not change while the word is read.
    auto& words = frame.current().words;
    Word& word = words.emplace_back();
    read_word(word);
    // `2>&1`, `10<file`: digits right before a redirection name a file descriptor.
    if (m_pos < m_end && (m_text[m_pos] == '<' || m_text[m_pos] == '>') && peek() != '(' && !word.text.empty()
        && word.expansion == Expansion::none && m_pos - word.offset == word.text.size()
        && std::all_of(word.text.begin(), word.text.end(), [](char d) { return d >= '0' && d <= '9'; })) {
      words.pop_back();
      redirection(frame);
      return;
    }
    if (m_pos == word.offset) {
      words.pop_back();
      if (m_pos < m_end) {
        ++m_pos; // never stall
      }
    }
  }

  void skip_blanks()
  {
    while (m_pos < m_end) {
      if (is_blank(m_text[m_pos])) {
        ++m_pos;
      } else if (m_text[m_pos] == '\\' && peek() == '\n') {
        m_pos += 2;
      } else {
        break;
      }
    }
  }

  // A redirection operator and its target, which are not words of the command.
  void redirection(Frame& frame)
  {
    const char c = m_text[m_pos];
    if (c == '<' && peek() == '<' && peek(2) != '<') {
      m_pos += 2;
      const bool strip_tabs = peek(0) == '-';
      if (strip_tabs) {
        ++m_pos;
      }
      skip_blanks();
      Word delimiter;
      read_word(delimiter);
      if (!delimiter.text.empty()) {
        m_pending.push_back({delimiter.text, strip_tabs, &frame, frame.used});
        frame.current_has_heredoc = true;
      }
      return;
    }
    // <<< < <& <> > >> >& >| &> &>>
    const bool here_string = c == '<' && peek() == '<' && peek(2) == '<';
    if (c == '&') {
      ++m_pos;
    }
    ++m_pos;
    while (m_pos < m_end
           && (m_text[m_pos] == '<' || m_text[m_pos] == '>' || m_text[m_pos] == '&' || m_text[m_pos] == '|')) {
      ++m_pos;
    }
    skip_blanks();
    if (m_pos < m_end && !is_meta(m_text[m_pos])) {
      Word target;
      read_word(target);
      if (here_string) {
        frame.current().here_strings.push_back(std::move(target)); // `bash <<< "…"` runs it
        frame.current_has_heredoc = true;
      }
    }
  }

  void read_heredoc_bodies()
  {
    for (auto& pending : m_pending) {
      const std::size_t begin = m_pos;
      std::size_t body_end = m_end;
      while (m_pos < m_end) {
        const auto newline = m_text.find('\n', m_pos);
        const std::size_t line_end = newline == std::string_view::npos || newline > m_end ? m_end : newline;
        std::string_view line = m_text.substr(m_pos, line_end - m_pos);
        if (!line.empty() && line.back() == '\r') {
          line.remove_suffix(1);
        }
        if (pending.strip_tabs) {
          while (!line.empty() && line.front() == '\t') {
            line.remove_prefix(1);
          }
        }
        const std::size_t line_start = m_pos;
        m_pos = line_end < m_end ? line_end + 1 : m_end;
        if (line == pending.delimiter) {
          body_end = line_start;
          break;
        }
      }
      if (pending.frame != nullptr && pending.index < pending.frame->used) {
        pending.frame->batch[pending.index].heredocs.push_back({begin, std::min(body_end, m_end)});
      }
    }
    m_pending.clear();
  }

  void read_word(Word& word)
  {
    word.offset = m_pos;
    std::size_t content = m_pos;
    bool first = true;
    while (m_pos < m_end) {
      const char c = m_text[m_pos];
      if (c == '\\') {
        if (m_pos + 1 >= m_end) {
          word.text += '\\';
          ++m_pos;
        } else if (m_text[m_pos + 1] == '\n') {
          m_pos += 2;
          continue;
        } else {
          word.text += m_text[m_pos + 1];
          m_pos += 2;
        }
      } else if (c == '\'') {
        const auto close = m_text.find('\'', m_pos + 1);
        const std::size_t stop = close == std::string_view::npos || close >= m_end ? m_end : close;
        if (first) {
          content = m_pos + 1;
        }
        word.text.append(m_text.substr(m_pos + 1, stop - m_pos - 1));
        m_pos = stop < m_end ? stop + 1 : m_end;
      } else if (c == '"') {
        if (first) {
          content = m_pos + 1;
        }
        read_double_quoted(word);
      } else if (c == '$' && peek() == '\'') {
        if (first) {
          content = m_pos + 2;
        }
        read_ansi_c(word);
      } else if (c == '$' && peek() == '"') {
        ++m_pos;
        if (first) {
          content = m_pos + 1;
        }
        read_double_quoted(word);
      } else if (c == '$') {
        read_dollar(word);
      } else if (c == '`') {
        read_backquote(word);
      } else if ((c == '<' || c == '>') && first && peek() == '(') {
        const std::size_t start = m_pos;
        m_pos += 2;
        nested();
        word.text.append(m_text.substr(start, m_pos - start));
        word.expansion = Expansion::some;
      } else if (is_meta(c)) {
        break;
      } else if (c == '=' && peek() == '(' && is_name(word.text)) {
        // An array assignment `a=(x y)`: its words are values, not a subshell.
        const std::size_t start = m_pos;
        m_pos += 2;
        skip_balanced(1, '(', ')');
        word.text.append(m_text.substr(start, m_pos - start));
      } else {
        // A run of plain characters is copied at once.
        const std::size_t start = m_pos;
        const std::size_t stop = plain_run_end(start);
        m_pos = stop == start ? start + 1 : stop; // `=` not starting an array
        word.text.append(m_text.substr(start, m_pos - start));
      }
      first = false;
    }
    word.origin = m_shell.origin(word.offset);
    word.content_origin = content == word.offset ? word.origin : m_shell.origin(content);
  }

  // Where the run of plain characters from `from` ends. A local index, not m_pos, so that the
  // loop keeps it in a register.
  std::size_t plain_run_end(std::size_t from) const
  {
    std::size_t at = from;
    while (at < m_end && k_plain_bytes[static_cast<unsigned char>(m_text[at])]) {
      ++at;
    }
    return at;
  }

  void read_double_quoted(Word& word)
  {
    ++m_pos; // the opening quote
    while (m_pos < m_end && m_text[m_pos] != '"') {
      const char c = m_text[m_pos];
      if (c == '\\' && m_pos + 1 < m_end) {
        const char next = m_text[m_pos + 1];
        if (next == '\n') {
          m_pos += 2;
        } else if (next == '$' || next == '`' || next == '"' || next == '\\') {
          word.text += next;
          m_pos += 2;
        } else {
          word.text += c;
          ++m_pos;
        }
      } else if (c == '$') {
        read_dollar(word);
      } else if (c == '`') {
        read_backquote(word);
      } else {
        // A run of characters without meaning inside double quotes is copied at once.
        const std::size_t start = m_pos;
        std::size_t stop = start + 1;
        while (stop < m_end && !in_double_quotes_special(m_text[stop])) {
          ++stop;
        }
        m_pos = stop;
        word.text.append(m_text.substr(start, m_pos - start));
      }
    }
    if (m_pos < m_end) {
      ++m_pos; // the closing quote
    }
  }

  void read_ansi_c(Word& word)
  {
    m_pos += 2; // $'
    while (m_pos < m_end && m_text[m_pos] != '\'') {
      const char c = m_text[m_pos];
      if (c != '\\' || m_pos + 1 >= m_end) {
        word.text += c;
        ++m_pos;
        continue;
      }
      const char e = m_text[m_pos + 1];
      m_pos += 2;
      switch (e) {
      case 'n':
        word.text += '\n';
        break;
      case 't':
        word.text += '\t';
        break;
      case 'r':
        word.text += '\r';
        break;
      case 'a':
        word.text += '\a';
        break;
      case 'b':
        word.text += '\b';
        break;
      case 'f':
        word.text += '\f';
        break;
      case 'v':
        word.text += '\v';
        break;
      case 'e':
      case 'E':
        word.text += '\x1b';
        break;
      case 'x': {
        unsigned value = 0;
        int digits = 0;
        while (digits < 2 && m_pos < m_end && std::isxdigit(static_cast<unsigned char>(m_text[m_pos])) != 0) {
          const char h = m_text[m_pos++];
          value = value * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
          ++digits;
        }
        word.text += static_cast<char>(value);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          unsigned value = static_cast<unsigned>(e - '0');
          for (int digits = 1; digits < 3 && m_pos < m_end && m_text[m_pos] >= '0' && m_text[m_pos] <= '7'; ++digits) {
            value = value * 8 + static_cast<unsigned>(m_text[m_pos++] - '0');
          }
          word.text += static_cast<char>(value & 0xFFU);
        } else {
          word.text += e; // \\ \' \" \? and the rest
        }
        break;
      }
    }
    if (m_pos < m_end) {
      ++m_pos;
    }
  }

  void read_dollar(Word& word)
  {
    const std::size_t start = m_pos;
    const char next = peek();
    if (next == '(' && peek(2) == '(') {
      m_pos += 3;
      skip_balanced(2, '(', ')'); // $(( arithmetic ))
    } else if (next == '(') {
      m_pos += 2;
      nested();
    } else if (next == '{') {
      m_pos += 2;
      skip_balanced(1, '{', '}');
    } else if (is_name_start(next)) {
      ++m_pos;
      while (m_pos < m_end && is_name_char(m_text[m_pos])) {
        ++m_pos;
      }
    } else if (next != '\0' && std::string_view("@*#?$!-0123456789").find(next) != std::string_view::npos) {
      m_pos += 2;
    } else {
      word.text += '$';
      ++m_pos;
      return;
    }
    m_pos = std::min(m_pos, m_end);
    word.text.append(m_text.substr(start, m_pos - start));
    word.expansion = Expansion::some;
  }

  void read_backquote(Word& word)
  {
    const std::size_t start = m_pos;
    std::size_t close = m_pos + 1;
    bool escaped = false;
    while (close < m_end && m_text[close] != '`') {
      if (m_text[close] == '\\') {
        escaped = true;
        ++close;
      }
      ++close;
    }
    close = std::min(close, m_end);
    if (m_depth < k_max_depth) {
      if (!escaped) {
        Lexer inner(m_shell, start + 1, close, m_sink, m_depth + 1);
        inner.run();
      } else {
        // Inside backquotes, \\ \` and \$ stand for the character itself.
        ShellText inner;
        for (std::size_t i = start + 1; i < close; ++i) {
          if (m_text[i] == '\\' && i + 1 < close
              && (m_text[i + 1] == '\\' || m_text[i + 1] == '`' || m_text[i + 1] == '$')) {
            ++i;
          }
          inner.append(m_text.substr(i, 1), m_shell.origin(i));
        }
        Lexer nested_lexer(inner, 0, inner.size(), m_sink, m_depth + 1);
        nested_lexer.run();
      }
    }
    m_pos = close < m_end ? close + 1 : m_end;
    word.text.append(m_text.substr(start, m_pos - start));
    word.expansion = Expansion::some;
  }

  // After `$(` or `<(`: the commands up to the matching `)`.
  void nested()
  {
    if (m_depth >= k_max_depth) {
      skip_balanced(1, '(', ')');
      return;
    }
    ++m_depth;
    lex_list(Stop::paren);
    --m_depth;
  }

  // Skips to just after the `close` that closes `depth` open `open`s, over quotes.
  void skip_balanced(int depth, char open, char close)
  {
    while (m_pos < m_end && depth > 0) {
      const char c = m_text[m_pos];
      if (c == '\\') {
        m_pos += 2;
        continue;
      }
      if (c == '\'' || c == '"') {
        const auto quote_end = m_text.find(c, m_pos + 1);
        m_pos = quote_end == std::string_view::npos || quote_end >= m_end ? m_end : quote_end + 1;
        continue;
      }
      depth += c == open ? 1 : c == close ? -1 : 0;
      ++m_pos;
    }
    m_pos = std::min(m_pos, m_end);
  }

  const ShellText& m_shell;
  std::string_view m_text;
  std::size_t m_pos;
  std::size_t m_end;
  const CommandSink& m_sink;
  int m_depth;
  std::vector<PendingHereDoc> m_pending;
};

} // namespace

void
lex_shell(const ShellText& text, std::size_t begin, std::size_t end, const CommandSink& sink)
{
  Lexer lexer(text, begin, end, sink, 0);
  lexer.run();
}

void
lex_shell(const ShellText& text, const CommandSink& sink)
{
  lex_shell(text, 0, text.size(), sink);
}

} // namespace sd::scan
