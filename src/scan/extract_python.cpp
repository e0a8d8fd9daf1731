#include "scan/extract_python.hpp"

#include "scan/extract_shell.hpp"
#include "scan/python_tokens.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <string>

namespace sd::scan {

namespace {

// How a recognised call takes its command.
enum class CallKind : std::uint8_t {
  args_or_shell, ///< subprocess.run & co: a list, or a string with shell=True
  shell,         ///< os.system, subprocess.getoutput: a string of shell code
  varargs,       ///< asyncio.create_subprocess_exec("docker", "rm", …)
};

const std::map<std::string, CallKind, std::less<>>&
calls()
{
  static const std::map<std::string, CallKind, std::less<>> table = {
    {"subprocess.run", CallKind::args_or_shell},
    {"subprocess.call", CallKind::args_or_shell},
    {"subprocess.check_call", CallKind::args_or_shell},
    {"subprocess.check_output", CallKind::args_or_shell},
    {"subprocess.Popen", CallKind::args_or_shell},
    {"subprocess.getoutput", CallKind::shell},
    {"subprocess.getstatusoutput", CallKind::shell},
    {"os.system", CallKind::shell},
    {"os.popen", CallKind::shell},
    {"asyncio.create_subprocess_exec", CallKind::varargs},
    {"asyncio.create_subprocess_shell", CallKind::shell},
  };
  return table;
}

// How many first bytes of a string literal's content stand for themselves: up to a backslash
// or, in an f-string, a brace. A loop, not find_first_of, which calls memchr once per byte.
std::size_t
plain_length(std::string_view content, bool formatted)
{
  std::size_t n = 0;
  while (n < content.size() && content[n] != '\\' && !(formatted && (content[n] == '{' || content[n] == '}'))) {
    ++n;
  }
  return n;
}

class PythonFile
{
public:
  PythonFile(std::string_view file, const CallSink& out)
    : m_file(file),
      m_tokens(tokenize_python(file)),
      m_out(out)
  {
  }

  void run()
  {
    // Snippets often leave the import out: the modules answer to their own names anyway.
    for (const char* module : {"subprocess", "os", "asyncio"}) {
      m_modules[module] = module;
    }
    read_imports();
    for (std::size_t i = 0; i + 1 < m_tokens.size(); ++i) {
      if (m_tokens[i].kind != TokenKind::name || !is_op(i + 1, '(')) {
        continue;
      }
      const auto callee = resolve(i);
      if (const auto it = calls().find(callee); it != calls().end()) {
        call(i + 1, it->second);
      }
    }
  }

private:
  std::string_view text(std::size_t i) const
  {
    return m_file.substr(m_tokens[i].begin, m_tokens[i].end - m_tokens[i].begin);
  }

  bool is_op(std::size_t i, char op) const
  {
    return i < m_tokens.size() && m_tokens[i].kind == TokenKind::op && m_file[m_tokens[i].begin] == op;
  }

  bool is_name(std::size_t i, std::string_view name) const
  {
    return i < m_tokens.size() && m_tokens[i].kind == TokenKind::name && text(i) == name;
  }

  // `import subprocess as sp`, `from subprocess import run as r, Popen`.
  void read_imports()
  {
    for (std::size_t i = 0; i < m_tokens.size(); ++i) {
      if (is_name(i, "import") && (i == 0 || !is_name(i - 2, "from"))) {
        std::size_t k = i + 1;
        while (k < m_tokens.size() && m_tokens[k].kind == TokenKind::name) {
          const std::string module(text(k));
          ++k;
          if (is_name(k, "as") && k + 1 < m_tokens.size()) {
            m_modules[std::string(text(k + 1))] = module;
            k += 2;
          } else {
            m_modules[module] = module;
          }
          if (!is_op(k, ',')) {
            break;
          }
          ++k;
        }
      } else if (is_name(i, "from") && i + 2 < m_tokens.size() && is_name(i + 2, "import")) {
        const std::string module(text(i + 1));
        std::size_t k = i + 3;
        if (is_op(k, '(')) {
          ++k;
        }
        while (k < m_tokens.size() && m_tokens[k].kind == TokenKind::name) {
          const std::string name(text(k));
          ++k;
          if (is_name(k, "as") && k + 1 < m_tokens.size()) {
            m_functions[std::string(text(k + 1))] = module + "." + name;
            k += 2;
          } else {
            m_functions[name] = module + "." + name;
          }
          if (!is_op(k, ',')) {
            break;
          }
          ++k;
        }
      }
    }
  }

  // The called name ending at token i (`sp.run` → `subprocess.run`), aliases followed.
  std::string resolve(std::size_t i) const
  {
    std::size_t first = i;
    while (first >= 2 && is_op(first - 1, '.') && m_tokens[first - 2].kind == TokenKind::name) {
      first -= 2;
    }
    if (first > 0 && is_op(first - 1, '.')) {
      return {}; // a method of some expression: `obj().run(…)`
    }
    if (first == i) {
      const auto it = m_functions.find(text(i));
      return it == m_functions.end() ? std::string() : it->second;
    }
    const auto module = m_modules.find(text(first));
    if (module == m_modules.end()) {
      return {};
    }
    std::string name = module->second;
    for (std::size_t k = first + 2; k <= i; k += 2) {
      name += "." + std::string(text(k));
    }
    return name;
  }

  // The tokens of each top-level argument between the bracket at `open` and its match.
  std::vector<std::pair<std::size_t, std::size_t>> split_arguments(std::size_t open, std::size_t& close) const
  {
    std::vector<std::pair<std::size_t, std::size_t>> arguments;
    arguments.reserve(8); // most calls and lists: one allocation
    int depth = 0;
    std::size_t start = open + 1;
    for (std::size_t k = open; k < m_tokens.size(); ++k) {
      if (m_tokens[k].kind != TokenKind::op) {
        continue;
      }
      const char c = m_file[m_tokens[k].begin];
      if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) {
          if (k > start) {
            arguments.emplace_back(start, k);
          }
          close = k;
          return arguments;
        }
      } else if (c == ',' && depth == 1) {
        if (k > start) {
          arguments.emplace_back(start, k);
        }
        start = k + 1;
      }
    }
    close = m_tokens.size();
    return arguments;
  }

  bool all_strings(std::size_t begin, std::size_t end) const
  {
    if (begin >= end) {
      return false;
    }
    for (std::size_t k = begin; k < end; ++k) {
      if (m_tokens[k].kind != TokenKind::string) {
        return false;
      }
    }
    return true;
  }

  // The value of adjacent string literals tokens[begin, end), with each byte's origin. With
  // Placeholders::as_shell, an f-string's `{expression}` becomes `${expression}`, so the shell
  // reading it sees a value known only at run time, as it is.
  enum class Placeholders : std::uint8_t { as_written, as_shell };
  ShellText decode(std::size_t begin, std::size_t end, Placeholders placeholders = Placeholders::as_written) const
  {
    ShellText text;
    for (std::size_t t = begin; t < end; ++t) {
      const auto& token = m_tokens[t];
      for (std::size_t k = token.content_begin; k < token.content_end; ++k) {
        const char c = m_file[k];
        const auto origin = static_cast<Offset>(k);
        const auto plain = plain_length(m_file.substr(k, token.content_end - k), token.formatted);
        if (plain != 0) {
          // A run without escapes is copied at once.
          text.append(m_file.substr(k, plain), origin);
          k += plain - 1;
        } else if (c == '\\' && !token.raw && k + 1 < token.content_end) {
          const char e = m_file[++k];
          switch (e) {
          case '\n':
            break; // a continued line
          case 'n':
            text.append("\n", origin);
            break;
          case 't':
            text.append("\t", origin);
            break;
          case '\\':
          case '\'':
          case '"':
            text.append(std::string_view(&e, 1), origin);
            break;
          default:
            text.append(m_file.substr(k - 1, 2), origin);
            break;
          }
        } else if (token.formatted && (c == '{' || c == '}') && k + 1 < token.content_end && m_file[k + 1] == c) {
          text.append(std::string_view(&c, 1), origin); // {{ and }} in an f-string
          ++k;
        } else if (token.formatted && c == '{' && placeholders == Placeholders::as_shell) {
          text.append("${", origin);
        } else {
          text.append(std::string_view(&c, 1), origin);
        }
      }
    }
    return text;
  }

  // Whether an f-string among tokens[begin, end) has a `{expression}` (not a `{{`).
  bool has_placeholder(std::size_t begin, std::size_t end) const
  {
    for (std::size_t t = begin; t < end; ++t) {
      const auto& token = m_tokens[t];
      for (std::size_t k = token.content_begin; token.formatted && k < token.content_end; ++k) {
        if (m_file[k] == '{') {
          if (k + 1 < token.content_end && m_file[k + 1] == '{') {
            ++k;
            continue;
          }
          return true;
        }
      }
    }
    return false;
  }

  // The content of tokens[begin, end) when it is one string literal that decodes to itself
  // (no escapes, no braces in an f-string): most list items, `"docker"`, `"-d"`.
  std::optional<std::string_view> plain_literal(std::size_t begin, std::size_t end) const
  {
    const auto& token = m_tokens[begin];
    const auto content = m_file.substr(token.content_begin, token.content_end - token.content_begin);
    if (end != begin + 1 || plain_length(content, token.formatted) != content.size()) {
      return std::nullopt;
    }
    return content;
  }

  // One list element or argument as a word: a literal string, or a placeholder `{expression}`.
  Word element(std::size_t begin, std::size_t end) const
  {
    Word word;
    word.origin = static_cast<Offset>(m_tokens[begin].begin);
    if (all_strings(begin, end)) {
      if (const auto literal = plain_literal(begin, end)) {
        word.text.assign(*literal);
      } else {
        word.text = std::string(decode(begin, end).text());
      }
      if (has_placeholder(begin, end)) {
        word.expansion = Expansion::some; // f"-{flags}": known only at run time
      }
      word.content_origin = static_cast<Offset>(m_tokens[begin].content_begin);
      word.origin = word.content_origin;
      return word;
    }
    std::string source;
    for (std::size_t k = begin; k < end; ++k) {
      source += text(k);
    }
    word.text = "{" + source.substr(0, 60) + "}";
    word.content_origin = word.origin;
    word.expansion = Expansion::some;
    return word;
  }

  void call(std::size_t open, CallKind kind)
  {
    std::size_t close = 0;
    const auto arguments = split_arguments(open, close);
    std::vector<std::pair<std::size_t, std::size_t>> positional;
    positional.reserve(arguments.size());
    bool shell = kind == CallKind::shell;
    for (const auto& [begin, end] : arguments) {
      if (m_tokens[begin].kind == TokenKind::name && is_op(begin + 1, '=') && !is_op(begin + 2, '=')) {
        if (text(begin) == "shell") {
          shell = end == begin + 3 && (is_name(begin + 2, "True") || text(begin + 2) == "1");
        } else if (text(begin) == "args" || text(begin) == "cmd") {
          positional.insert(positional.begin(), {begin + 2, end});
        }
        continue;
      }
      positional.emplace_back(begin, end);
    }
    if (positional.empty()) {
      return;
    }
    if (kind == CallKind::varargs) {
      std::vector<Word> words;
      words.reserve(positional.size());
      for (const auto& [begin, end] : positional) {
        words.push_back(element(begin, end));
      }
      find_in_argv(words, m_out);
      return;
    }
    const auto [begin, end] = positional.front();
    if (is_op(begin, '[') || is_op(begin, '(')) {
      std::size_t list_close = 0;
      const auto items = split_arguments(begin, list_close);
      if (list_close + 1 != end) {
        return; // `[...] + more`: not a plain literal list
      }
      std::vector<Word> words;
      words.reserve(items.size());
      for (const auto& [item_begin, item_end] : items) {
        words.push_back(element(item_begin, item_end));
      }
      if (shell && !words.empty()) {
        words.resize(1); // with shell=True the first item is the shell code
        find_in_shell(decode_word(words.front()), Dialect::shell, m_out);
        return;
      }
      find_in_argv(words, m_out);
      return;
    }
    std::size_t strings_end = begin;
    while (strings_end < end && m_tokens[strings_end].kind == TokenKind::string) {
      ++strings_end;
    }
    if (strings_end == begin) {
      return; // a variable: not seen
    }
    // `"… %s" % x` and `"… {}".format(x)` fill in values; the literal's words are what we know.
    const bool formatted = strings_end < end && (is_op(strings_end, '%') || (is_op(strings_end, '.') && is_name(strings_end + 1, "format")));
    if ((strings_end == end || formatted) && shell) {
      find_in_shell(decode(begin, strings_end, Placeholders::as_shell), Dialect::shell, m_out);
    } else if (strings_end + 4 == end && is_op(strings_end, '.') && is_name(strings_end + 1, "split")
               && is_op(strings_end + 2, '(') && is_op(strings_end + 3, ')')) {
      split_words(decode(begin, strings_end, Placeholders::as_shell));
    }
  }

  static ShellText decode_word(const Word& word)
  {
    ShellText text;
    text.append(word.text, word.content_origin);
    return text;
  }

  // `"docker rm -f x".split()`: words at whitespace.
  void split_words(const ShellText& value)
  {
    std::vector<Word> words;
    const auto s = value.text();
    for (std::size_t k = 0; k < s.size();) {
      if (std::isspace(static_cast<unsigned char>(s[k])) != 0) {
        ++k;
        continue;
      }
      Word word;
      word.origin = value.origin(k);
      word.content_origin = word.origin;
      while (k < s.size() && std::isspace(static_cast<unsigned char>(s[k])) == 0) {
        word.text += s[k++];
      }
      if (word.text.find("${") != std::string::npos) {
        word.expansion = Expansion::some; // an f-string's placeholder
      }
      words.push_back(std::move(word));
    }
    find_in_argv(words, m_out);
  }

  std::string_view m_file;
  std::vector<Token> m_tokens;
  const CallSink& m_out;
  std::map<std::string, std::string, std::less<>> m_modules;   ///< alias → module
  std::map<std::string, std::string, std::less<>> m_functions; ///< name → module.function
};

} // namespace

void
extract_python(std::string_view file, const CallSink& out)
{
  PythonFile python(file, out);
  python.run();
}

} // namespace sd::scan
