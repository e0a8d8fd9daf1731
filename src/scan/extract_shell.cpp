#include "scan/extract_shell.hpp"

namespace sd::scan {

namespace {

// Shell code inside shell code (sh -c "…", a here-document fed to bash) is read again, to
// this depth.
constexpr int k_max_depth = 8;

enum class Escapes : std::uint8_t { none, echo };

class ShellFinder
{
public:
  ShellFinder(Dialect dialect, const CallSink& out, int depth)
    : m_dialect(dialect),
      m_out(out),
      m_depth(depth)
  {}

  void lex(const ShellText& text, std::size_t begin, std::size_t end)
  {
    lex_shell(text, begin, end,
              [this](const ShellText& source, std::span<const SimpleCommand> line) { on_line(source, line); });
  }

  void on_argv(std::span<const Word> words)
  {
    const auto program = program_index(words, m_dialect);
    if (program) {
      on_program(words, *program);
    }
  }

private:
  void on_line(const ShellText& source, std::span<const SimpleCommand> line)
  {
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto& command = line[i];
      const auto program = program_index(command.words, m_dialect);
      if (!program) {
        if (m_dialect == Dialect::dockerfile && command.words.empty()) {
          read_heredocs(source, command); // RUN <<EOF … EOF: the body is the script
        }
        continue;
      }
      const auto input = on_program(command.words, *program);
      if (input == ShellInput::Kind::stdin_script) {
        read_heredocs(source, command);
        read_words(command.here_strings, 0, command.here_strings.size());
      }
      // `cat <<EOF | sh` and `echo "…" | bash` feed text to a shell.
      if (command.separator == Separator::pipe && i + 1 < line.size() && reads_stdin_script(line[i + 1])) {
        const auto name = base_name(command.words[*program].text);
        if (name == "cat") {
          read_heredocs(source, command);
        } else if (name == "echo" && command.words[*program].expansion == Expansion::none) {
          std::size_t first = *program + 1;
          bool escapes = false;
          while (first < command.words.size()
                 && (command.words[first].text == "-e" || command.words[first].text == "-n"
                     || command.words[first].text == "-E")) {
            escapes = escapes || command.words[first].text == "-e";
            ++first;
          }
          read_words(command.words, first, command.words.size(), escapes ? Escapes::echo : Escapes::none);
        }
      }
    }
  }

  bool reads_stdin_script(const SimpleCommand& command) const
  {
    const auto program = program_index(command.words, m_dialect);
    return program && shell_input(command.words, *program).kind == ShellInput::Kind::stdin_script;
  }

  // Records a docker call, or reads the shell code a program runs. Returns how the program
  // takes shell code.
  ShellInput::Kind on_program(std::span<const Word> words, std::size_t program)
  {
    if (const auto face = docker_face(words[program])) {
      m_out(CallView{words.subspan(program), *face, words[program].origin});
      return ShellInput::Kind::none;
    }
    const auto input = shell_input(words, program);
    if (input.kind == ShellInput::Kind::command_string) {
      read_words(words, input.first, input.last);
    }
    return input.kind;
  }

  void read_heredocs(const ShellText& source, const SimpleCommand& command)
  {
    if (m_depth >= k_max_depth) {
      return;
    }
    for (const auto& body : command.heredocs) {
      ShellFinder inner(m_dialect == Dialect::dockerfile ? Dialect::shell : m_dialect, m_out, m_depth + 1);
      inner.lex(source, body.begin, body.end);
    }
  }

  // words[first, last) joined by spaces, read as shell code (`sh -c "…"`, `eval`, `ssh host …`);
  // with Escapes::echo, `\n` and `\t` are what `echo -e` makes of them.
  void read_words(std::span<const Word> words, std::size_t first, std::size_t last, Escapes escapes = Escapes::none)
  {
    if (m_depth >= k_max_depth || first >= last) {
      return;
    }
    ShellText code;
    for (std::size_t k = first; k < last; ++k) {
      if (k > first) {
        code.append_at(" ", words[k].origin);
      }
      // Byte i of the text is taken to come from content_origin + i: exact unless the word had
      // escapes or several quoted parts before it.
      const std::string_view text = words[k].text;
      for (std::size_t i = 0; i < text.size(); ++i) {
        const auto origin = words[k].content_origin + static_cast<Offset>(i);
        if (escapes == Escapes::echo && text[i] == '\\' && i + 1 < text.size()
            && (text[i + 1] == 'n' || text[i + 1] == 't' || text[i + 1] == '\\')) {
          ++i;
          code.append(text[i] == 'n' ? "\n" : text[i] == 't' ? "\t" : "\\", origin);
        } else {
          code.append(text.substr(i, 1), origin);
        }
      }
    }
    ShellFinder inner(m_dialect == Dialect::dockerfile ? Dialect::shell : m_dialect, m_out, m_depth + 1);
    inner.lex(code, 0, code.size());
  }

  Dialect m_dialect;
  const CallSink& m_out;
  int m_depth;
};

} // namespace

void
find_in_shell(const ShellText& text, Dialect dialect, const CallSink& out)
{
  ShellFinder finder(dialect, out, 0);
  finder.lex(text, 0, text.size());
}

void
find_in_argv(std::span<const Word> words, const CallSink& out)
{
  ShellFinder finder(Dialect::shell, out, 0);
  finder.on_argv(words);
}

} // namespace sd::scan
