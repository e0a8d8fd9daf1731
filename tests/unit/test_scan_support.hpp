#pragma once

#include "policy/rules_file.hpp"
#include "scan/file_kind.hpp"
#include "scan/shell_text.hpp"
#include "util/shell_words.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace doctest {
// Failed checks of string lists print the lists.
template<>
struct StringMaker<std::vector<std::string>>
{
  static String convert(const std::vector<std::string>& list)
  {
    std::string text = "{";
    for (const auto& item : list) {
      text += (text.size() > 1 ? ", \"" : "\"") + item + "\"";
    }
    return (text + "}").c_str();
  }
};
} // namespace doctest

// Helpers for the scanner's tests: docker calls found in a text, as "LINE:COL argv…" strings.

namespace sd::scan::test {

/// Each docker call in `text` read as `kind`: "LINE:COL docker rm -f web" (argv joined with
/// spaces, unquoted), in the order found.
inline std::vector<std::string>
calls(FileKind kind, std::string_view text)
{
  std::vector<Invocation> found;
  extract(kind, text, found);
  const LineIndex lines(text);
  std::vector<std::string> out;
  for (const auto& call : found) {
    const auto where = lines.at(call.origin);
    std::string joined;
    for (const auto& word : call.argv) {
      joined += (joined.empty() ? "" : " ") + word;
    }
    out.push_back(std::to_string(where.line) + ":" + std::to_string(where.column) + " " + joined);
  }
  return out;
}

/// The built-in default rules.
inline const policy::RuleSet&
default_rules()
{
  static const policy::RuleSet rules = policy::parse_rules(policy::builtin_rules_text(), "built-in default");
  return rules;
}

} // namespace sd::scan::test
