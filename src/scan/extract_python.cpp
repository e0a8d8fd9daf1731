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
  {}

  void run()
  {
    // Snippets often leave the import out: the modules answer to their own names anyway.
    for (const char* module : {"subprocess", "os", "asyncio"}) {
      m_modules[module] = module;
    }
    read_imports();
    m_seen_lists.assign(m_tokens.size(), false);
    std::vector<std::size_t> seeds; // shell calls of a name: `os.system(cmd)`
    std::vector<std::size_t> lists; // `[` or `(` before a string: maybe a docker argv
    for (std::size_t i = 0; i + 1 < m_tokens.size(); ++i) {
      if (m_tokens[i].kind == TokenKind::op) {
        const char c = m_file[m_tokens[i].begin];
        if ((c == '[' || c == '(') && m_tokens[i + 1].kind == TokenKind::string) {
          lists.push_back(i);
        }
        continue;
      }
      if (m_tokens[i].kind != TokenKind::name || !is_op(i + 1, '(')) {
        continue;
      }
      const auto callee = resolve(i);
      if (const auto it = calls().find(callee); it != calls().end()) {
        call(i + 1, it->second);
        if (i + 2 < m_tokens.size() && m_tokens[i + 2].kind == TokenKind::name) {
          seeds.push_back(i);
        }
      }
    }
    // Only a file that runs a name as shell code can have helpers worth following.
    if (!seeds.empty()) {
      read_functions();
      find_shell_parameters(seeds);
    }
    docker_lists(lists);
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

  // A function of this file: which of its positional parameters it runs as shell code (hands on
  // to os.system, to subprocess with shell=True, or to another such function), and its body.
  struct Helper
  {
    std::vector<std::string> params;
    std::vector<bool> shell;
    std::size_t def = 0;        ///< the `def` token
    std::size_t body_begin = 0; ///< after the parameters' `)`
    std::size_t body_end = 0;   ///< found when first asked (body_end_of)
    bool any_shell = false;
    std::vector<std::size_t> calls; ///< name tokens of the calls of it in this file
  };

  std::size_t column(std::size_t i) const
  {
    const auto begin = m_tokens[i].begin;
    const auto newline = m_file.rfind('\n', begin == 0 ? 0 : begin - 1);
    return newline == std::string_view::npos ? begin : begin - newline - 1;
  }

  // Whether token i is the first of its line.
  bool starts_line(std::size_t i) const
  {
    return i == 0
           || m_file.substr(m_tokens[i - 1].end, m_tokens[i].begin - m_tokens[i - 1].end).find('\n')
                != std::string_view::npos;
  }

  static int bracket_step(char c)
  {
    return c == '(' || c == '[' || c == '{' ? 1 : c == ')' || c == ']' || c == '}' ? -1 : 0;
  }

  // `def NAME(params…):` and its body: up to the first line, outside brackets, indented no deeper.
  void read_functions()
  {
    for (std::size_t i = 0; i + 2 < m_tokens.size(); ++i) {
      if (!is_name(i, "def") || m_tokens[i + 1].kind != TokenKind::name || !is_op(i + 2, '(')) {
        continue;
      }
      Helper helper;
      std::size_t close = 0;
      for (const auto& [begin, end] : split_arguments(i + 2, close)) {
        if (m_tokens[begin].kind != TokenKind::name) {
          break; // *args, **kwargs, a bare *: no positional parameter after them
        }
        helper.params.emplace_back(text(begin));
      }
      helper.shell.assign(helper.params.size(), false);
      helper.def = i;
      helper.body_begin = close + 1;
      m_defs.push_back(i);
      m_helpers[std::string(text(i + 1))] = std::move(helper);
    }
  }

  // Where the body of the function defined at `def` ends: the first line, outside brackets,
  // indented no deeper than the `def`. Found once, when a call inside it matters.
  std::size_t body_end_of(Helper& helper) const
  {
    if (helper.body_end != 0) {
      return helper.body_end;
    }
    const auto indent = column(helper.def);
    int depth = 0;
    std::size_t k = helper.body_begin;
    for (; k < m_tokens.size(); ++k) {
      if (depth == 0 && k > helper.body_begin && starts_line(k) && column(k) <= indent) {
        break;
      }
      if (m_tokens[k].kind == TokenKind::op) {
        depth += bracket_step(m_file[m_tokens[k].begin]);
      }
    }
    helper.body_end = k;
    return k;
  }

  // The innermost function whose body holds token j, or nullptr.
  Helper* enclosing(std::size_t j)
  {
    for (auto def = m_defs.rbegin(); def != m_defs.rend(); ++def) {
      if (*def >= j) {
        continue;
      }
      auto& helper = m_helpers.find(text(*def + 1))->second;
      if (helper.def == *def && j >= helper.body_begin && j < body_end_of(helper)) {
        return &helper;
      }
    }
    return nullptr;
  }

  // The helper called at name token i: `name(…)`, or `self.name(…)` / `cls.name(…)` whose first
  // parameter the call does not pass (`skipped` is then 1).
  const Helper* helper_called(std::size_t i, std::size_t& skipped) const
  {
    skipped = 0;
    if (i >= 2 && is_op(i - 1, '.')) {
      if (!is_name(i - 2, "self") && !is_name(i - 2, "cls")) {
        return nullptr;
      }
      skipped = 1;
    }
    const auto it = m_helpers.find(text(i));
    if (it == m_helpers.end() || (skipped == 1 && it->second.params.empty())) {
      return nullptr;
    }
    return &it->second;
  }

  // Each argument of the call at `open` by the parameter index it fills (`skipped` for a method
  // called through self), keyword arguments by their name; `shell=…` is left out.
  std::vector<std::pair<std::size_t, std::pair<std::size_t, std::size_t>>> bound_arguments(std::size_t open,
                                                                                           const Helper& helper,
                                                                                           std::size_t skipped) const
  {
    std::vector<std::pair<std::size_t, std::pair<std::size_t, std::size_t>>> bound;
    std::size_t close = 0;
    std::size_t position = skipped;
    for (const auto& [begin, end] : split_arguments(open, close)) {
      if (m_tokens[begin].kind == TokenKind::name && is_op(begin + 1, '=') && !is_op(begin + 2, '=')) {
        for (std::size_t p = 0; p < helper.params.size(); ++p) {
          if (helper.params[p] == text(begin)) {
            bound.push_back({p, {begin + 2, end}});
          }
        }
        continue;
      }
      if (is_op(begin, '*')) {
        break; // *list: the positions after it are not known
      }
      bound.push_back({position++, {begin, end}});
    }
    return bound;
  }

  // The names the call at name token j hands on as shell code: the first argument of a shell
  // call (os.system(cmd), subprocess with shell=True, cmd.split(), shlex.split(cmd)), or what it
  // passes where another helper takes shell code.
  std::vector<std::string_view> shell_names(std::size_t j) const
  {
    std::vector<std::string_view> names;
    // `cmd`, or `cmd + " >/dev/null"`: what the name holds is run.
    const auto single_name = [this](std::size_t begin, std::size_t end) {
      return m_tokens[begin].kind == TokenKind::name && (end == begin + 1 || is_op(begin + 1, '+'))
               ? text(begin)
               : std::string_view();
    };
    if (const auto it = calls().find(resolve(j)); it != calls().end()) {
      std::size_t close = 0;
      bool shell = it->second == CallKind::shell;
      std::optional<std::pair<std::size_t, std::size_t>> first;
      for (const auto& [begin, end] : split_arguments(j + 1, close)) {
        if (is_name(begin, "shell") && is_op(begin + 1, '=')) {
          shell = end == begin + 3 && (is_name(begin + 2, "True") || text(begin + 2) == "1");
        } else if (!first && !(m_tokens[begin].kind == TokenKind::name && is_op(begin + 1, '='))) {
          first = {begin, end};
        }
      }
      if (!first || it->second == CallKind::varargs) {
        return names;
      }
      const auto [begin, end] = *first;
      if (shell && !single_name(begin, end).empty()) {
        names.push_back(text(begin));
      } else if (end == begin + 5 && is_op(begin + 1, '.') && is_name(begin + 2, "split") && is_op(begin + 3, '(')
                 && is_op(begin + 4, ')') && m_tokens[begin].kind == TokenKind::name) {
        names.push_back(text(begin)); // cmd.split()
      } else if (end == begin + 6 && is_name(begin, "shlex") && is_name(begin + 2, "split")
                 && m_tokens[begin + 4].kind == TokenKind::name) {
        names.push_back(text(begin + 4)); // shlex.split(cmd)
      }
      return names;
    }
    std::size_t skipped = 0;
    const auto* helper = helper_called(j, skipped);
    if (helper == nullptr || !helper->any_shell) {
      return names;
    }
    for (const auto& [param, range] : bound_arguments(j + 1, *helper, skipped)) {
      if (param < helper->shell.size() && helper->shell[param] && !single_name(range.first, range.second).empty()) {
        names.push_back(text(range.first));
      }
    }
    return names;
  }

  // Marks `name` as a shell parameter of the function around token j, if it is one of its
  // parameters; a newly marked function goes on `work`.
  void mark(std::size_t j, std::string_view name, std::vector<Helper*>& work)
  {
    auto* helper = enclosing(j);
    if (helper == nullptr) {
      return;
    }
    for (std::size_t p = 0; p < helper->params.size(); ++p) {
      if (helper->params[p] == name && !helper->shell[p]) {
        helper->shell[p] = true;
        helper->any_shell = true;
        work.push_back(helper); // its callers may pass this one on too
      }
    }
  }

  // Which parameters each function of the file runs as shell code: seeded by the shell calls
  // that take a bare name (`os.system(cmd)`), then followed back through the calls of each
  // function so marked (a chain of helpers). Function bodies are measured only around those.
  void find_shell_parameters(const std::vector<std::size_t>& seeds)
  {
    if (m_helpers.empty()) {
      return;
    }
    std::vector<Helper*> work;
    for (const auto j : seeds) {
      for (const auto name : shell_names(j)) {
        mark(j, name, work);
      }
    }
    if (work.empty()) {
      return;
    }
    // The calls of the functions, then what flows back through them.
    std::vector<std::size_t> helper_calls;
    for (std::size_t j = 0; j + 1 < m_tokens.size(); ++j) {
      std::size_t skipped = 0;
      if (m_tokens[j].kind == TokenKind::name && is_op(j + 1, '(') && helper_called(j, skipped) != nullptr) {
        auto& helper = m_helpers.find(text(j))->second; // `name(…)`, `self.name(…)`; not `subprocess.run(…)`
        if (helper.def + 1 != j) {
          helper.calls.push_back(j);
          helper_calls.push_back(j);
        }
      }
    }
    while (!work.empty()) {
      const auto* helper = work.back();
      work.pop_back();
      for (const auto j : helper->calls) {
        for (const auto name : shell_names(j)) {
          mark(j, name, work);
        }
      }
    }
    for (const auto j : helper_calls) {
      std::size_t skipped = 0;
      if (const auto* helper = helper_called(j, skipped); helper != nullptr && helper->any_shell) {
        helper_call(j + 1, *helper, skipped);
      }
    }
  }

  // Where the adjacent string literals starting an argument at `begin` end (`begin`: none).
  std::size_t literals_end(std::size_t begin, std::size_t end) const
  {
    std::size_t k = begin;
    while (k < end && m_tokens[k].kind == TokenKind::string) {
      ++k;
    }
    return k;
  }

  // Whether what follows literals at k fills values in: `"… %s" % x`, `"… {}".format(x)`. The
  // literal's words are what is known.
  bool fills_in(std::size_t k, std::size_t end) const
  {
    return k < end && (is_op(k, '%') || (is_op(k, '.') && is_name(k + 1, "format")));
  }

  // A call of a helper: a string literal where it takes shell code is shell code.
  void helper_call(std::size_t open, const Helper& helper, std::size_t skipped)
  {
    if (!helper.any_shell) {
      return;
    }
    for (const auto& [param, range] : bound_arguments(open, helper, skipped)) {
      if (param >= helper.shell.size() || !helper.shell[param]) {
        continue;
      }
      const auto [begin, end] = range;
      const auto strings_end = literals_end(begin, end);
      if (strings_end > begin && (strings_end == end || fills_in(strings_end, end))) {
        find_in_shell(decode(begin, strings_end, Placeholders::as_shell), Dialect::shell, m_out);
      }
    }
  }

  static bool names_docker(std::string_view program)
  {
    for (const std::string_view name : {"docker", "docker-compose"}) {
      if (program == name || (program.ends_with(name) && program[program.size() - name.size() - 1] == '/')) {
        return true;
      }
    }
    return false;
  }

  // A list (or tuple) literal whose first item is docker or docker-compose is a docker argv,
  // wherever it is passed: to a project's own `run(cmd)`, kept in a variable, returned.
  void docker_lists(const std::vector<std::size_t>& candidates)
  {
    for (const auto k : candidates) {
      const bool list = is_op(k, '[') || opens_tuple(k);
      if (!list || m_seen_lists[k] || !(is_op(k + 2, ',') || is_op(k + 2, ']') || is_op(k + 2, ')'))) {
        continue;
      }
      const auto first = plain_literal(k + 1, k + 2);
      if (!first || !names_docker(*first)) {
        continue;
      }
      std::size_t close = 0;
      const auto items = split_arguments(k, close);
      std::vector<Word> words;
      words.reserve(items.size());
      for (const auto& [item_begin, item_end] : items) {
        words.push_back(element(item_begin, item_end));
      }
      find_in_argv(words, m_out);
    }
  }

  // Whether the `(` at k opens a tuple, not a call's arguments or a subscript's.
  bool opens_tuple(std::size_t k) const
  {
    if (k == 0) {
      return true;
    }
    if (m_tokens[k - 1].kind == TokenKind::name) {
      const auto word = text(k - 1);
      return word == "return" || word == "in" || word == "yield" || word == "and" || word == "or" || word == "not";
    }
    return m_tokens[k - 1].kind == TokenKind::op
           && std::string_view("=,([{:").find(m_file[m_tokens[k - 1].begin]) != std::string_view::npos;
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
      m_seen_lists[begin] = true;
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
    const auto strings_end = literals_end(begin, end);
    if (strings_end == begin) {
      return; // a variable: not seen
    }
    if ((strings_end == end || fills_in(strings_end, end)) && shell) {
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
  std::map<std::string, Helper, std::less<>> m_helpers;        ///< this file's functions
  std::vector<std::size_t> m_defs;                             ///< their `def` tokens, in order
  std::vector<bool> m_seen_lists;                              ///< by token: a list a recognised call took as its argv
};

} // namespace

void
extract_python(std::string_view file, const CallSink& out)
{
  PythonFile python(file, out);
  python.run();
}

} // namespace sd::scan
