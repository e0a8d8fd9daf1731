#include "scan/extract_markdown.hpp"

#include "scan/extract_shell.hpp"
#include "scan/text_lines.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace sd::scan {

namespace {

enum class FenceKind : std::uint8_t { other, shell, console };

FenceKind
fence_kind(std::string_view info)
{
  info = trim(info);
  while (!info.empty() && (info.front() == '{' || info.front() == '.')) {
    info.remove_prefix(1);
  }
  std::string language(info.substr(0, info.find_first_of(" \t,}")));
  std::transform(language.begin(), language.end(), language.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  if (language == "sh" || language == "bash" || language == "shell" || language == "zsh" || language == "ksh") {
    return FenceKind::shell;
  }
  if (language == "console" || language == "shell-session" || language == "shellsession" || language == "sh-session") {
    return FenceKind::console;
  }
  return FenceKind::other;
}

} // namespace

void
extract_markdown(std::string_view file, const CallSink& out)
{
  const auto lines = split_lines(file);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view text = lines[i].text;
    // Any indentation: fences inside list items are indented like the item's text.
    const auto indent = text.find_first_not_of(' ');
    if (indent == std::string_view::npos) {
      continue;
    }
    const char mark = text[indent];
    if (mark != '`' && mark != '~') {
      continue;
    }
    const auto run = text.find_first_not_of(mark, indent);
    const std::size_t length = (run == std::string_view::npos ? text.size() : run) - indent;
    if (length < 3) {
      continue;
    }
    const auto kind = fence_kind(text.substr(indent + length));
    ShellText shell;
    std::size_t j = i + 1;
    bool continued = false; // a console command line ending in `\`
    for (; j < lines.size(); ++j) {
      const std::string_view body = lines[j].text;
      const auto trimmed = trim(body);
      if (trimmed.size() >= length && trimmed.find_first_not_of(mark) == std::string_view::npos) {
        break; // the closing fence
      }
      if (kind == FenceKind::shell) {
        shell.append(body, lines[j].start);
        shell.append("\n", lines[j].start + static_cast<Offset>(body.size()));
      } else if (kind == FenceKind::console) {
        const auto start = body.find_first_not_of(" \t");
        if (continued) {
          shell.append(body, lines[j].start);
        } else if (start != std::string_view::npos && body.substr(start).starts_with("$ ")) {
          shell.append(body.substr(start + 2), lines[j].start + static_cast<Offset>(start + 2));
        } else {
          continue; // output
        }
        shell.append("\n", lines[j].start + static_cast<Offset>(body.size()));
        continued = trim_right(body).ends_with('\\');
      }
    }
    if (kind != FenceKind::other) {
      find_in_shell(shell, Dialect::shell, out);
    }
    i = j;
  }
}

} // namespace sd::scan
