#include "scan/command_words.hpp"

#include <algorithm>
#include <array>

namespace sd::scan {

namespace {

// A wrapper's options: the short letters and long names that take a separate value.
struct OptionSpec
{
  std::string_view short_with_value;
  std::initializer_list<std::string_view> long_with_value;
};

constexpr std::string_view k_sudo_short = "ugCDprtTUR";
constexpr std::string_view k_env_short = "uCSP";
constexpr std::string_view k_xargs_short = "adEILnPs";
constexpr std::string_view k_ssh_short = "BbcDEeFIiJLlmOopQRSWw";

bool
is_option(std::string_view text)
{
  return text.size() > 1 && text.front() == '-';
}

// Skips the options of a wrapper from words[i]; returns the index of its first operand.
std::size_t
skip_options(std::span<const Word> words, std::size_t i, const OptionSpec& spec)
{
  while (i < words.size()) {
    const std::string_view text = words[i].text;
    if (text == "--") {
      return i + 1;
    }
    if (!is_option(text)) {
      return i;
    }
    if (text.starts_with("--")) {
      const auto name =
        text.substr(2, text.find('=') == std::string_view::npos ? std::string_view::npos : text.find('=') - 2);
      const bool takes_value =
        text.find('=') == std::string_view::npos
        && std::find(spec.long_with_value.begin(), spec.long_with_value.end(), name) != spec.long_with_value.end();
      i += takes_value ? 2U : 1U;
      continue;
    }
    std::size_t step = 1;
    for (std::size_t k = 1; k < text.size(); ++k) {
      if (spec.short_with_value.find(text[k]) != std::string_view::npos) {
        step = k + 1 < text.size() ? 1 : 2; // attached (`-uroot`) or separate (`-u root`)
        break;
      }
    }
    i += step;
  }
  return i;
}

bool
is_assignment(const Word& word)
{
  const std::string_view text = word.text;
  std::size_t i = 0;
  if (text.empty() || !((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z') || text[0] == '_')) {
    return false;
  }
  while (i < text.size()
         && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z')
             || (text[i] >= '0' && text[i] <= '9') || text[i] == '_')) {
    ++i;
  }
  if (i < text.size() && text[i] == '[') {
    const auto close = text.find(']', i);
    if (close == std::string_view::npos) {
      return false;
    }
    i = close + 1;
  }
  if (i < text.size() && text[i] == '+') {
    ++i;
  }
  return i < text.size() && text[i] == '=';
}

bool
one_of(std::string_view text, std::span<const std::string_view> set)
{
  return std::find(set.begin(), set.end(), text) != set.end();
}

// Word lists as constants: as initializer lists they were built on the stack at every call,
// which is once per command.
constexpr std::array<std::string_view, 16> k_stepped_over = {
  "if", "then", "else", "elif", "do",   "while", "until",   "!",
  "{",  "}",    "fi",   "done", "esac", "nohup", "builtin", "coproc",
};
constexpr std::array<std::string_view, 4> k_headers = {"for", "select", "case", "function"};
constexpr std::array<std::string_view, 8> k_shells = {"sh", "bash", "dash", "zsh", "ksh", "ash", "mksh", "posh"};
constexpr std::array<std::string_view, 2> k_shell_options_with_value = {"--rcfile", "--init-file"};

} // namespace

std::string_view
base_name(std::string_view word)
{
  const auto slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

std::optional<std::size_t>
program_index(std::span<const Word> words, Dialect dialect)
{
  std::size_t i = 0;
  while (i < words.size()) {
    const Word& word = words[i];
    if (is_assignment(word)) {
      ++i;
      continue;
    }
    if (word.expansion != Expansion::none) {
      return i; // `$DOCKER rm …`: a program only known at run time
    }
    const std::string_view name = word.text;
    if (one_of(name, k_stepped_over)) {
      ++i;
    } else if (one_of(name, k_headers)) {
      return std::nullopt;
    } else if (name == "sudo" || name == "doas") {
      i = skip_options(words, i + 1,
                       {k_sudo_short,
                        {"user", "group", "close-from", "chdir", "host", "prompt", "role", "type", "command-timeout",
                         "other-user", "chroot"}});
    } else if (name == "env") {
      i = skip_options(words, i + 1, {k_env_short, {"unset", "chdir", "split-string"}});
    } else if (name == "nice") {
      i = skip_options(words, i + 1, {"n", {"adjustment"}});
    } else if (name == "time" || base_name(name) == "time") {
      i = skip_options(words, i + 1, {"fo", {"format", "output"}});
    } else if (name == "exec") {
      i = skip_options(words, i + 1, {"a", {}});
    } else if (name == "command") {
      if (i + 1 < words.size() && is_option(words[i + 1].text)
          && words[i + 1].text.find_first_of("vV") != std::string::npos) {
        return std::nullopt; // `command -v docker` looks docker up; it runs nothing
      }
      i = skip_options(words, i + 1, {"", {}});
    } else if (name == "timeout") {
      i = skip_options(words, i + 1, {"ks", {"kill-after", "signal"}}) + 1; // then the duration
    } else if (name == "xargs") {
      i = skip_options(words, i + 1,
                       {k_xargs_short,
                        {"arg-file", "delimiter", "eof", "replace", "max-lines", "max-args", "max-procs", "max-chars",
                         "process-slot-var"}});
    } else if (name == "stdbuf") {
      i = skip_options(words, i + 1, {"ioe", {"input", "output", "error"}});
    } else if (name == "setsid") {
      i = skip_options(words, i + 1, {"", {}});
    } else if (name == "ionice") {
      i = skip_options(words, i + 1, {"cnpPu", {"class", "classdata", "pid", "pgid", "uid"}});
    } else if (name == "run" && dialect == Dialect::bats) {
      i = skip_options(words, i + 1, {"", {}});
      if (i < words.size() && words[i].text == "!") {
        ++i;
      }
    } else {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<grammar::Face>
docker_face(const Word& program)
{
  if (program.expansion != Expansion::none) {
    return std::nullopt;
  }
  const auto name = base_name(program.text);
  if (name == "docker") {
    return grammar::Face::docker;
  }
  if (name == "docker-compose") {
    return grammar::Face::docker_compose;
  }
  return std::nullopt;
}

ShellInput
shell_input(std::span<const Word> words, std::size_t program)
{
  using Kind = ShellInput::Kind;
  if (program >= words.size() || words[program].expansion != Expansion::none) {
    return {};
  }
  std::string_view name = base_name(words[program].text);
  std::size_t i = program + 1;
  if (name == "busybox" && i < words.size()) {
    name = words[i].text;
    ++i;
  }
  if (one_of(name, k_shells)) {
    bool command = false;
    bool from_stdin = false;
    while (i < words.size()) {
      const std::string_view text = words[i].text;
      if (text == "--" || text == "-") {
        ++i;
        break;
      }
      if (text.size() < 2 || (text.front() != '-' && text.front() != '+')) {
        break;
      }
      if (text.starts_with("--")) {
        i += one_of(text, k_shell_options_with_value) ? 2U : 1U;
        continue;
      }
      command = command || (text.front() == '-' && text.find('c') != std::string_view::npos);
      from_stdin = from_stdin || (text.front() == '-' && text.find('s') != std::string_view::npos);
      // -o OPTION and -O SHOPT take the next word.
      i += text.find_first_of("oO") != std::string_view::npos ? 2U : 1U;
    }
    if (command) {
      return i < words.size() ? ShellInput{Kind::command_string, i, i + 1} : ShellInput{};
    }
    if (from_stdin || i >= words.size()) {
      return {Kind::stdin_script, 0, 0};
    }
    return {}; // a script file
  }
  if (name == "eval") {
    return i < words.size() ? ShellInput{Kind::command_string, i, words.size()} : ShellInput{};
  }
  if (name == "ssh") {
    i = skip_options(words, i, {k_ssh_short, {}});
    if (i >= words.size()) {
      return {};
    }
    // OpenSSH reads options after the destination too: `ssh host -p 22 CMD`.
    i = skip_options(words, i + 1, {k_ssh_short, {}});
    if (i < words.size()) {
      return {Kind::command_string, i, words.size()};
    }
    return {Kind::stdin_script, 0, 0};
  }
  return {};
}

} // namespace sd::scan
