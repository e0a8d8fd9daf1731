#include "util/glob.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

#ifndef _WIN32
#include <fnmatch.h>
#endif

using sd::util::glob_matches;

TEST_CASE("globs match as fnmatch without flags")
{
  CHECK(glob_matches("*", ""));
  CHECK(glob_matches("rm", "rm"));
  CHECK_FALSE(glob_matches("rm", "rmi"));
  CHECK(glob_matches("r?", "rm"));
  CHECK(glob_matches("*-f*", "--force -f"));
  CHECK(glob_matches("a*b*c", "aXXbYYbc"));
  CHECK_FALSE(glob_matches("a*b*c", "aXXbYYb"));
  CHECK(glob_matches("*/*", "a/b"));   // no FNM_PATHNAME: '*' crosses '/'
  CHECK(glob_matches("*", ".hidden")); // no FNM_PERIOD
  CHECK(glob_matches("[abc]x", "bx"));
  CHECK(glob_matches("[a-c]x", "cx"));
  CHECK_FALSE(glob_matches("[!a-c]x", "cx"));
  CHECK(glob_matches("[^a-c]x", "dx"));
  CHECK(glob_matches("[]]", "]"));
  CHECK(glob_matches("[a-]", "-"));
  CHECK(glob_matches("[", "[")); // unclosed: a plain '['
  CHECK(glob_matches("a[b", "a[b"));
  CHECK(glob_matches("\\*", "*"));
  CHECK_FALSE(glob_matches("\\*", "x"));
  CHECK(glob_matches("[\\]]", "]"));
  CHECK(glob_matches("[[:digit:]][[:alpha:]]*", "1abc"));
  CHECK_FALSE(glob_matches("[[:digit:]]", "a"));
  CHECK(glob_matches("[![:space:]]", "x"));
  CHECK(glob_matches("[[:\\\\:]", "\\")); // not a class name: '[', ':' and '\' are members
  CHECK_FALSE(glob_matches("x\\", "x\\"));
  CHECK(glob_matches("caf\xC3\xA9*", "caf\xC3\xA9 au lait"));
  CHECK(glob_matches("*****a", std::string(40, 'b') + "a"));
}

#ifndef _WIN32
TEST_CASE("globs agree with the C library's fnmatch on random patterns")
{
  // The matcher replaced fnmatch(3) so that every platform matches alike; here both must give
  // the same answer on well-formed patterns (classes closed, no trailing backslash: the C
  // library's answers to malformed ones differ between its versions) and texts made of the
  // characters that matter.
  std::mt19937 random(20261206);
  const auto pick = [&](std::string_view from) { return from[random() % from.size()]; };
  const auto make_pattern = [&] {
    std::string pattern;
    for (auto pieces = random() % 6; pieces > 0; --pieces) {
      switch (random() % 5) {
      case 0:
        pattern += pick("ab-!^:]");
        break;
      case 1:
        pattern += '\\';
        pattern += pick("ab*?[]\\-");
        break;
      case 2:
        pattern += '*';
        break;
      case 3:
        pattern += '?';
        break;
      default:
        pattern += '[';
        if (random() % 3 == 0) {
          pattern += pick("!^");
        }
        for (auto items = 1 + random() % 3; items > 0; --items) {
          const auto kind = random() % 4;
          if (kind == 0) {
            pattern += std::string(1, pick("ab")) + "-" + pick("ab*");
          } else if (kind == 1) {
            pattern += random() % 2 == 0 ? "[:alpha:]" : "[:punct:]";
          } else if (kind == 2) {
            pattern += std::string("\\") + pick("]\\-");
          } else {
            pattern += pick("ab*?[!-");
          }
        }
        pattern += ']';
        break;
      }
    }
    return pattern;
  };
  const auto make_text = [&] {
    std::string text(random() % 7, ' ');
    for (char& c : text) {
      c = pick("ab-*?[]!\\");
    }
    return text;
  };
  int disagreements = 0;
  for (int i = 0; i < 200000 && disagreements < 5; ++i) {
    const std::string pattern = make_pattern();
    const std::string text = make_text();
    const bool expected = ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
    if (glob_matches(pattern, text) != expected) {
      ++disagreements;
      CAPTURE(pattern);
      CAPTURE(text);
      CHECK(glob_matches(pattern, text) == expected);
    }
  }
  CHECK(disagreements == 0);
}
#endif
