#include "util/glob.hpp"

#include <array>
#include <cctype>
#include <cstddef>
#include <string_view>
#include <utility>

// fnmatch(3) without flags, by bytes, as glibc's does in the C locale a static program runs in (POSIX classes like [:digit:] included):
// the same matches on every platform (Windows has no fnmatch). Classes: [abc], [a-z], [!x] and
// [^x]; a ']' first in a class is itself; an unclosed '[' is a plain character; a backslash
// quotes the next character, also in a class, and a trailing one matches nothing.

namespace sd::util {

namespace {

// Whether `c` is in the class [:name:] (the C locale's classes; an unknown name matches nothing).
bool
in_named_class(const std::string& name, unsigned char c)
{
  using Test = int (*)(int);
  static constexpr std::array<std::pair<std::string_view, Test>, 12> classes{{
    {"alnum", [](int x) { return std::isalnum(x); }},
    {"alpha", [](int x) { return std::isalpha(x); }},
    {"blank", [](int x) { return std::isblank(x); }},
    {"cntrl", [](int x) { return std::iscntrl(x); }},
    {"digit", [](int x) { return std::isdigit(x); }},
    {"graph", [](int x) { return std::isgraph(x); }},
    {"lower", [](int x) { return std::islower(x); }},
    {"print", [](int x) { return std::isprint(x); }},
    {"punct", [](int x) { return std::ispunct(x); }},
    {"space", [](int x) { return std::isspace(x); }},
    {"upper", [](int x) { return std::isupper(x); }},
    {"xdigit", [](int x) { return std::isxdigit(x); }},
  }};
  for (const auto& [class_name, test] : classes) {
    if (class_name == name) {
      return test(c) != 0;
    }
  }
  return false;
}

// Matches text[t] against the class at pattern[p] ('[' there). Returns the index after the
// class when it matches, 0 when it does not, npos when the class is not closed (then '[' is a
// plain character).
std::size_t
match_class(const std::string& pattern, std::size_t p, unsigned char c)
{
  std::size_t i = p + 1;
  const bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negated) {
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    if (pattern.compare(i, 2, "[:") == 0) {
      // A class name is lower-case letters up to ":]"; anything else makes '[' a member.
      std::size_t end = i + 2;
      while (end < pattern.size() && pattern[end] >= 'a' && pattern[end] <= 'z') {
        ++end;
      }
      if (pattern.compare(end, 2, ":]") == 0) {
        matched = matched || in_named_class(pattern.substr(i + 2, end - i - 2), c);
        i = end + 2;
        continue;
      }
    }
    unsigned char low = static_cast<unsigned char>(pattern[i]);
    if (low == '\\' && i + 1 < pattern.size()) {
      low = static_cast<unsigned char>(pattern[++i]);
    }
    ++i;
    unsigned char high = low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      high = static_cast<unsigned char>(pattern[i + 1]);
      i += 2;
      if (high == '\\' && i < pattern.size()) {
        high = static_cast<unsigned char>(pattern[i++]);
      }
    }
    if (low <= c && c <= high) {
      matched = true;
    }
  }
  if (i >= pattern.size()) {
    return std::string::npos;
  }
  return matched != negated ? i + 1 : 0;
}

} // namespace

bool
glob_matches(const std::string& pattern, const std::string& text)
{
  // Iterative, with one backtrack point: the last '*' and where its match now ends. A later
  // '*' supersedes it, so the work stays linear in practice.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    bool advanced = false;
    if (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '*') {
        star = ++p;
        star_text = t;
        continue;
      }
      if (c == '?') {
        ++p;
        ++t;
        advanced = true;
      } else if (c == '[') {
        const std::size_t next = match_class(pattern, p, static_cast<unsigned char>(text[t]));
        if (next == std::string::npos) {
          advanced = text[t] == '[';
          p += advanced ? 1 : 0;
        } else if (next != 0) {
          p = next;
          advanced = true;
        }
        t += advanced ? 1 : 0;
      } else if (c == '\\' && p + 1 == pattern.size()) {
        return false; // a trailing backslash quotes nothing and matches nothing (as glibc)
      } else {
        const bool quoted = c == '\\';
        const char literal = quoted ? pattern[p + 1] : c;
        if (literal == text[t]) {
          p += quoted ? 2 : 1;
          ++t;
          advanced = true;
        }
      }
    }
    if (!advanced) {
      if (star == std::string::npos) {
        return false;
      }
      p = star;
      t = ++star_text;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

} // namespace sd::util
