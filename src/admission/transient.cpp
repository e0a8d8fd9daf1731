#include "admission/transient.hpp"

#include <algorithm>
#include <array>

namespace sd::admission {

namespace {

char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool
contains(std::string_view text, std::string_view pattern)
{
  if (pattern.empty()) {
    return false;
  }
  return std::search(text.begin(), text.end(), pattern.begin(), pattern.end(),
                     [](char a, char b) { return lower(a) == lower(b); })
         != text.end();
}

bool
starts_with(std::string_view text, std::string_view prefix)
{
  return text.size() >= prefix.size() && contains(text.substr(0, prefix.size()), prefix);
}

bool
line_unreachable(std::string_view line)
{
  constexpr std::array<std::string_view, 4> k_phrases = {
    "cannot connect to the docker daemon", // every version since 1.x, on every transport
    "is the docker daemon running",
    "failed to connect to the docker api", // docker 28+
    "error during connect",                // tcp and npipe transports, Windows
  };
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos || starts_with(line.substr(start), "error response from daemon")
      || contains(line, "permission denied")) {
    return false;
  }
  if (std::any_of(k_phrases.begin(), k_phrases.end(),
                  [&](std::string_view phrase) { return contains(line, phrase); })) {
    return true;
  }
  return contains(line, "dial unix")
         && (contains(line, "connect: no such file or directory") || contains(line, "connect: connection refused"));
}

} // namespace

bool
is_daemon_unreachable(std::string_view stderr_text)
{
  while (!stderr_text.empty()) {
    const auto end = stderr_text.find('\n');
    if (line_unreachable(stderr_text.substr(0, end))) {
      return true;
    }
    if (end == std::string_view::npos) {
      break;
    }
    stderr_text.remove_prefix(end + 1);
  }
  return false;
}

bool
matches_transient_pattern(std::string_view stderr_text, const std::vector<std::string>& patterns)
{
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& pattern) { return contains(stderr_text, pattern); });
}

} // namespace sd::admission
