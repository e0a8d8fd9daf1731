#include "util/command_line.hpp"

#include <cstddef>

namespace sd::util {

std::vector<std::string>
split_command_line(std::string_view command_line)
{
  std::vector<std::string> argv;
  std::size_t i = 0;
  const std::size_t n = command_line.size();
  while (i < n) {
    if (command_line[i] == ' ' || command_line[i] == '\t') {
      ++i;
      continue;
    }
    std::string arg;
    bool quoted = false;
    std::size_t slashes = 0;
    for (; i < n; ++i) {
      const char c = command_line[i];
      if ((c == ' ' || c == '\t') && !quoted) {
        break;
      }
      if (c == '\\') {
        ++slashes;
        continue;
      }
      if (c == '"') {
        // 2n backslashes and a quote: n backslashes, the quote toggles; 2n+1: n and a quote.
        arg.append(slashes / 2, '\\');
        if (slashes % 2 == 1) {
          arg += '"';
        } else {
          if (quoted && i + 1 < n && command_line[i + 1] == '"') {
            arg += '"';
            ++i;
          }
          quoted = !quoted;
        }
        slashes = 0;
        continue;
      }
      arg.append(slashes, '\\');
      slashes = 0;
      arg += c;
    }
    arg.append(slashes, '\\');
    argv.push_back(std::move(arg));
    if (i < n) {
      ++i; // the blank that ended it
    }
  }
  return argv;
}

std::string
join_command_line(const std::vector<std::string>& argv)
{
  std::string line;
  for (const auto& arg : argv) {
    if (!line.empty()) {
      line += ' ';
    }
    if (!arg.empty() && arg.find_first_of(" \t\"") == std::string::npos) {
      line += arg;
      continue;
    }
    line += '"';
    std::size_t slashes = 0;
    for (const char c : arg) {
      if (c == '\\') {
        ++slashes;
        continue;
      }
      // Backslashes before a quote are doubled, and the quote gets one of its own.
      line.append(c == '"' ? 2 * slashes + 1 : slashes, '\\');
      slashes = 0;
      line += c;
    }
    line.append(2 * slashes, '\\'); // before the closing quote
    line += '"';
  }
  return line;
}

} // namespace sd::util
