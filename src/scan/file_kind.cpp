#include "scan/file_kind.hpp"

#include "util/bad_enum.hpp"

#include "scan/command_words.hpp"
#include "scan/extract_dockerfile.hpp"
#include "scan/extract_makefile.hpp"
#include "scan/extract_markdown.hpp"
#include "scan/extract_python.hpp"
#include "scan/extract_shell.hpp"
#include "scan/extract_yaml.hpp"
#include "scan/text_lines.hpp"

#include <algorithm>
#include <cctype>

namespace sd::scan {

namespace {

bool
ends_with_nocase(std::string_view text, std::string_view suffix)
{
  return text.size() >= suffix.size()
         && std::equal(
           suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
}

bool
is_shell_name(std::string_view name)
{
  return name == "sh" || name == "bash" || name == "dash" || name == "zsh" || name == "ksh" || name == "ash"
         || name == "mksh";
}

} // namespace

FileKind
kind_from_name(std::string_view path)
{
  const auto name = base_name(path);
  if (name == "Makefile" || name == "makefile" || name == "GNUmakefile" || name.ends_with(".mk")) {
    return FileKind::makefile;
  }
  if (name == "Dockerfile" || name == "Containerfile" || name.starts_with("Dockerfile.")
      || name.starts_with("Containerfile.") || ends_with_nocase(name, ".dockerfile")) {
    return FileKind::dockerfile;
  }
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) {
    return FileKind::none;
  }
  const auto extension = name.substr(dot + 1);
  if (extension == "sh" || extension == "bash" || extension == "ksh" || extension == "zsh" || extension == "dash") {
    return FileKind::shell;
  }
  if (extension == "bats") {
    return FileKind::bats;
  }
  if (extension == "yml" || extension == "yaml") {
    return FileKind::yaml;
  }
  if (extension == "py") {
    return FileKind::python;
  }
  if (extension == "md" || extension == "markdown") {
    return FileKind::markdown;
  }
  return FileKind::none;
}

FileKind
kind_from_shebang(std::string_view head)
{
  if (!head.starts_with("#!")) {
    return FileKind::none;
  }
  auto line = head.substr(2, head.find('\n') == std::string_view::npos ? std::string_view::npos : head.find('\n') - 2);
  line = trim(line);
  auto next_word = [&line]() {
    line = trim_left(line);
    const auto end = line.find_first_of(" \t\r");
    const auto word = line.substr(0, end);
    line = end == std::string_view::npos ? std::string_view() : line.substr(end);
    return word;
  };
  auto program = base_name(next_word());
  if (program == "env") {
    auto word = next_word();
    while (word.starts_with('-') || word.find('=') != std::string_view::npos) {
      word = next_word(); // env -S, env VAR=value
    }
    program = base_name(word);
  }
  if (is_shell_name(program)) {
    return FileKind::shell;
  }
  return program == "bats" ? FileKind::bats : FileKind::none;
}

std::string_view
kind_name(FileKind kind)
{
  switch (kind) {
  case FileKind::none:
    return "none";
  case FileKind::shell:
    return "shell";
  case FileKind::bats:
    return "bats";
  case FileKind::makefile:
    return "makefile";
  case FileKind::yaml:
    return "yaml";
  case FileKind::dockerfile:
    return "dockerfile";
  case FileKind::python:
    return "python";
  case FileKind::markdown:
    return "markdown";
  }
  util::bad_enum("FileKind", static_cast<long long>(kind));
}

void
extract(FileKind kind, std::string_view text, const CallSink& out)
{
  switch (kind) {
  case FileKind::none:
    return;
  case FileKind::shell:
    find_in_shell(ShellText::view(text), Dialect::shell, out);
    return;
  case FileKind::bats:
    find_in_shell(ShellText::view(text), Dialect::bats, out);
    return;
  case FileKind::makefile:
    extract_makefile(text, out);
    return;
  case FileKind::yaml:
    extract_yaml(text, out);
    return;
  case FileKind::dockerfile:
    extract_dockerfile(text, out);
    return;
  case FileKind::python:
    extract_python(text, out);
    return;
  case FileKind::markdown:
    extract_markdown(text, out);
    return;
  }
}

void
extract(FileKind kind, std::string_view text, std::vector<Invocation>& out)
{
  extract(kind, text, [&out](const CallView& call) { out.push_back(Invocation::copy_of(call)); });
}

} // namespace sd::scan
