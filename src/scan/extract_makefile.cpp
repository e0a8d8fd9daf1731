#include "scan/extract_makefile.hpp"

#include "scan/extract_shell.hpp"
#include "scan/text_lines.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

namespace sd::scan {

namespace {

// Recursive variables referring to each other are expanded to this depth.
constexpr int k_max_depth = 8;

struct Variable
{
  std::string value;
  bool plain = true; ///< false for `!=` and `define`: not known without running make
};

bool
continues(std::string_view line)
{
  std::size_t backslashes = 0;
  for (auto it = line.rbegin(); it != line.rend() && *it == '\\'; ++it) {
    ++backslashes;
  }
  return backslashes % 2 == 1;
}

bool
is_variable_char(char c)
{
  return c != ' ' && c != '\t' && c != ':' && c != '#' && c != '=' && c != '$' && c != '(' && c != ')' && c != '{'
         && c != '}' && c != ',';
}

// Finds the `)` or `}` closing the reference opened at text[open].
std::size_t
closing(std::string_view text, std::size_t open)
{
  const char opener = text[open];
  const char closer = opener == '(' ? ')' : '}';
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    depth += text[i] == opener ? 1 : text[i] == closer ? -1 : 0;
    if (depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

class Makefile
{
public:
  Makefile(std::string_view file, const CallSink& out)
    : m_lines(split_lines(file)),
      m_out(out)
  {}

  void run()
  {
    read_variables();
    m_end = m_lines.size();
    read_recipes(0, m_lines.size());
    read_defines();
  }

private:
  // The logical line starting at physical line i (continuations joined by a space); sets `next`.
  std::string logical(std::size_t i, std::size_t& next) const
  {
    std::string text;
    std::size_t j = i;
    while (j < m_lines.size()) {
      std::string_view piece = m_lines[j].text;
      const bool more = continues(piece);
      if (more) {
        piece.remove_suffix(1);
      }
      if (j > i) {
        text += ' ';
        piece = trim_left(piece);
      }
      text.append(piece);
      ++j;
      if (!more) {
        break;
      }
    }
    next = j;
    return text;
  }

  static std::string_view strip_comment(std::string_view text)
  {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '#') {
        return text.substr(0, i);
      }
    }
    return text;
  }

  // `NAME op value`: records it and returns true.
  bool assignment(std::string_view text)
  {
    text = trim(strip_comment(text));
    for (bool stripped = true; stripped;) {
      stripped = false;
      for (const std::string_view prefix : {"export ", "override ", "private "}) {
        if (text.starts_with(prefix)) {
          text = trim_left(text.substr(prefix.size()));
          stripped = true;
        }
      }
    }
    std::size_t end = 0;
    while (end < text.size() && is_variable_char(text[end])) {
      ++end;
    }
    if (end == 0) {
      return false;
    }
    const std::string name(text.substr(0, end));
    const std::string_view rest = trim_left(text.substr(end));
    for (const std::string_view op : {":::=", "::=", ":=", "?=", "+=", "!=", "="}) {
      if (!rest.starts_with(op)) {
        continue;
      }
      const std::string value(trim(rest.substr(op.size())));
      auto it = m_variables.find(name);
      if (op == "?=") {
        if (it == m_variables.end()) {
          m_variables[name] = {value, true};
        }
      } else if (op == "+=") {
        if (it == m_variables.end()) {
          m_variables[name] = {value, true};
        } else if (!value.empty()) {
          it->second.value += (it->second.value.empty() ? "" : " ") + value;
        }
      } else if (op == "!=") {
        m_variables[name] = {"", false};
      } else {
        m_variables[name] = {value, true};
      }
      return true;
    }
    return false;
  }

  // `define NAME`, also after `export` or `override`; sets `exported`.
  static bool starts_define(std::string_view trimmed, bool* exported = nullptr)
  {
    for (bool stripped = true; stripped;) {
      stripped = false;
      for (const std::string_view prefix : {"export ", "override "}) {
        if (trimmed.starts_with(prefix)) {
          if (exported != nullptr && prefix == "export ") {
            *exported = true;
          }
          trimmed = trim_left(trimmed.substr(prefix.size()));
          stripped = true;
        }
      }
    }
    return trimmed.starts_with("define ") || trimmed.starts_with("define\t");
  }

  static std::string_view define_name(std::string_view trimmed)
  {
    trimmed = trimmed.substr(trimmed.find("define") + 6);
    trimmed = trim(trimmed);
    return trimmed.substr(0, trimmed.find_first_of(" \t=:?+!"));
  }

  // The lines of a `define` up to its `endef` are a variable's text, never rules or recipes.
  std::size_t after_endef(std::size_t define_line) const
  {
    std::size_t i = define_line;
    while (i < m_lines.size() && !trim(m_lines[i].text).starts_with("endef")) {
      ++i;
    }
    return i + 1;
  }

  void read_variables()
  {
    for (std::size_t i = 0; i < m_lines.size();) {
      const std::string_view text = m_lines[i].text;
      if (text.starts_with('\t')) {
        ++i;
        continue;
      }
      const auto trimmed = trim(text);
      bool exported = false;
      if (starts_define(trimmed, &exported)) {
        const std::string name(define_name(trimmed));
        m_variables[name] = {"", false};
        const auto end = after_endef(i);
        m_defines.push_back({name, i + 1, std::min(end - 1, m_lines.size()), exported, Use::none});
        i = end;
        continue;
      }
      std::size_t next = i + 1;
      const auto line = logical(i, next);
      assignment(line);
      i = next;
    }
  }

  // The value of a make reference's text (`NAME`), fully expanded, or nullopt.
  std::optional<std::string> resolve(std::string_view reference, int depth) const
  {
    if (depth > k_max_depth || reference.empty() || reference.find_first_of(" \t:$(){},") != std::string_view::npos) {
      return std::nullopt;
    }
    const auto it = m_variables.find(reference);
    if (it == m_variables.end() || !it->second.plain) {
      return std::nullopt;
    }
    return expand(it->second.value, depth + 1);
  }

  std::optional<std::string> expand(std::string_view text, int depth) const
  {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '$' || i + 1 >= text.size()) {
        out += text[i];
      } else if (text[i + 1] == '$') {
        out += '$';
        ++i;
      } else if (text[i + 1] == '(' || text[i + 1] == '{') {
        const auto close = closing(text, i + 1);
        if (close == std::string_view::npos) {
          return std::nullopt;
        }
        const auto value = resolve(text.substr(i + 2, close - i - 2), depth);
        if (!value) {
          return std::nullopt;
        }
        out += *value;
        i = close;
      } else {
        return std::nullopt; // $@ and friends: only known while make runs
      }
    }
    return out;
  }

  // Appends recipe text, doing make's expansion, to `shell`.
  void append_expanded(std::string_view piece, Offset origin, ShellText& shell) const
  {
    std::size_t i = 0;
    while (i < piece.size()) {
      const auto dollar = piece.find('$', i);
      if (dollar == std::string_view::npos) {
        shell.append(piece.substr(i), origin + static_cast<Offset>(i));
        return;
      }
      shell.append(piece.substr(i, dollar - i), origin + static_cast<Offset>(i));
      const Offset at = origin + static_cast<Offset>(dollar);
      if (dollar + 1 >= piece.size()) {
        shell.append("$", at);
        return;
      }
      const char next = piece[dollar + 1];
      if (next == '$') {
        shell.append("$", at);
        i = dollar + 2;
      } else if (next == '(' || next == '{') {
        const auto close = closing(piece, dollar + 1);
        if (close == std::string_view::npos) {
          shell.append(piece.substr(dollar), at);
          return;
        }
        const auto reference = piece.substr(dollar + 2, close - dollar - 2);
        if (const auto value = resolve(reference, 0)) {
          shell.append_at(*value, at);
        } else {
          // Unknown to us: a shell expansion the shell cannot name either (`${VAR}`, `${shell}`).
          const auto name = reference.substr(0, reference.find_first_of(" \t:,$(){}"));
          shell.append_at("${" + std::string(name.empty() ? "make" : name) + "}", at);
        }
        i = close + 1;
      } else {
        shell.append(piece.substr(dollar, 2), at); // $@ $< $^ $*: the shell sees an expansion
        i = dollar + 2;
      }
    }
  }

  // The recipe line at physical line i (tab-indented, or `text` after a rule's `;`).
  std::size_t recipe(std::size_t i, std::size_t column)
  {
    ShellText& shell = m_recipe;
    shell.clear();
    std::size_t j = i;
    while (j < m_end) {
      std::string_view piece = m_lines[j].text;
      note_uses(piece, true);
      std::size_t skip = 0;
      if (j == i) {
        skip = column;
        while (skip < piece.size() && std::string_view("@-+ \t").find(piece[skip]) != std::string_view::npos) {
          ++skip;
        }
      } else if (piece.starts_with('\t')) {
        skip = 1; // make drops the recipe tab of a continued line
      }
      append_expanded(piece.substr(skip), m_lines[j].start + static_cast<Offset>(skip), shell);
      const bool more = continues(piece);
      ++j;
      if (!more) {
        break;
      }
      shell.append("\n", m_lines[j - 1].start + static_cast<Offset>(piece.size()));
    }
    find_in_shell(shell, Dialect::shell, m_out);
    return j;
  }

  // The rules and recipes of lines [first, last): the whole file, or an `$(eval)`ed define.
  void read_recipes(std::size_t first, std::size_t last)
  {
    const auto outer_end = m_end;
    m_end = last;
    bool in_rule = false;
    for (std::size_t i = first; i < last;) {
      const std::string_view text = m_lines[i].text;
      if (text.starts_with('\t')) {
        if (in_rule) {
          i = recipe(i, 1);
        } else {
          ++i;
        }
        continue;
      }
      const auto trimmed = trim(text);
      if (trimmed.empty() || trimmed.starts_with('#')) {
        ++i;
        continue;
      }
      if (starts_define(trimmed)) {
        i = after_endef(i);
        continue;
      }
      std::size_t next = i + 1;
      const auto line = logical(i, next);
      note_uses(line, false);
      const auto word = trim(line).substr(0, trim(line).find_first_of(" \t"));
      if (word == "ifeq" || word == "ifneq" || word == "ifdef" || word == "ifndef" || word == "else" || word == "endif"
          || word == "include" || word == "-include" || word == "sinclude" || word == "vpath") {
        i = next;
        continue;
      }
      if (assignment_shape(line)) {
        in_rule = false;
      } else if (const auto colon = line.find(':'); colon != std::string::npos) {
        in_rule = true;
        // `target: prerequisites ; recipe` on the rule's own physical line.
        const auto semicolon = text.find(';', colon);
        if (semicolon != std::string_view::npos && text.find('#') > semicolon) {
          recipe(i, semicolon + 1);
        }
      }
      i = next;
    }
    m_end = outer_end;
  }

  // How a `define` is used, by the strongest use seen: expanded in a recipe, its text is shell
  // code; `$(eval)`ed, it is makefile text (its rules' recipes are shell code); referenced only
  // elsewhere (`$(info …)`, an assignment), it is data.
  enum class Use : std::uint8_t { none, data, recipe, makefile };

  struct Define
  {
    std::string name;
    std::size_t first = 0; ///< its body: lines [first, last)
    std::size_t last = 0;
    bool exported = false; ///< `export define`: the environment's, for the shell to read as data
    Use use = Use::none;
  };

  static bool refers_to(std::string_view text, std::string_view name)
  {
    for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
      const auto before = text.substr(0, at);
      const char after = at + name.size() < text.size() ? text[at + name.size()] : '\0';
      const bool whole = before.ends_with("$(") || before.ends_with("${");
      const bool called = before.ends_with("$(call ") || before.ends_with("${call ");
      if ((whole && (after == ')' || after == '}')) || (called && (after == ',' || after == ')' || after == '}'))) {
        return true;
      }
    }
    return false;
  }

  void note_uses(std::string_view text, bool in_recipe)
  {
    if (m_defines.empty() || text.find('$') == std::string_view::npos) {
      return;
    }
    const bool eval = text.find("$(eval") != std::string_view::npos || text.find("${eval") != std::string_view::npos;
    // `$(info $(TEXT))` in a recipe prints the text while make runs: data, not shell code.
    bool printed = false;
    for (const std::string_view function : {"$(info ", "$(warning ", "$(error ", "$(file "}) {
      printed = printed || text.find(function) != std::string_view::npos;
    }
    const Use use = eval ? Use::makefile : in_recipe && !printed ? Use::recipe : Use::data;
    for (auto& define : m_defines) {
      if (refers_to(text, define.name)) {
        define.use = std::max(define.use, use);
      }
    }
  }

  // Each define by its use; one never referenced here (an including makefile may run it) is read
  // as recipe text, unless exported: finding a call is better than missing one. Uses met while
  // reading a define's body (a define expanding another) count too, so used ones go first.
  void read_defines()
  {
    std::vector<bool> done(m_defines.size(), false);
    for (const bool last_round : {false, false, false, true}) {
      for (std::size_t d = 0; d < m_defines.size(); ++d) {
        auto use = m_defines[d].use;
        if (done[d] || (use == Use::none && !last_round)) {
          continue;
        }
        done[d] = true;
        const auto [first, last] = std::pair(m_defines[d].first, m_defines[d].last);
        if (use == Use::makefile) {
          read_recipes(first, last);
        } else if (use == Use::recipe || (use == Use::none && !m_defines[d].exported)) {
          const auto outer_end = m_end;
          m_end = last;
          for (std::size_t i = first; i < last;) {
            i = trim(m_lines[i].text).empty() ? i + 1 : recipe(i, 0);
          }
          m_end = outer_end;
        }
      }
    }
  }

  // Whether a line is a variable assignment (not a rule with a target-specific one).
  static bool assignment_shape(std::string_view line)
  {
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) {
      return false;
    }
    const auto colon = line.find(':');
    // `A := b`, `A ::= b`: the colon belongs to the operator.
    return colon == std::string_view::npos || colon > equals || line.substr(colon).starts_with(":=")
           || line.substr(colon).starts_with("::=") || line.substr(colon).starts_with(":::=");
  }

  std::vector<TextLine> m_lines;
  const CallSink& m_out;
  std::map<std::string, Variable, std::less<>> m_variables;
  ShellText m_recipe; ///< one recipe line's text, its storage kept from line to line
  std::vector<Define> m_defines;
  std::size_t m_end = 0; ///< where the lines being read end (a define's body stops at its endef)
};

} // namespace

void
extract_makefile(std::string_view file, const CallSink& out)
{
  Makefile makefile(file, out);
  makefile.run();
}

} // namespace sd::scan
