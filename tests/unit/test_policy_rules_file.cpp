#include "policy/alternative_check.hpp"
#include "policy/rules_file.hpp"
#include "policy/toml_library.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace sd::policy;

namespace {

std::string
error_of(const std::string& text)
{
  try {
    parse_rules(text, "r.toml");
  } catch (const sd::Fatal& error) {
    CHECK(error.exit_code() == sd::exit_code::k_bad_rules);
    return error.what();
  }
  return "<no error>";
}

} // namespace

TEST_CASE("rules: the built-in default loads and its alternatives pass its own rules")
{
  const auto rules = parse_rules(builtin_rules_text(), "built-in default");
  CHECK(rules.rules.size() >= 7);
  CHECK(rules.settings.text("policy.allow_bypass") == "false");
  CHECK(check_alternatives(rules).empty());
}

TEST_CASE("rules: each loading error names file, line, column and the fix")
{
  CHECK(error_of("version = 1\n[[rule]\n").starts_with("r.toml:2:"));
  CHECK(error_of("version = 2\n") == "r.toml:1:11: unsupported rules version; this safedocker reads version = 1");
  CHECK(error_of("colour = 1\n").starts_with("r.toml:1:10: unknown key 'colour'"));
  CHECK(error_of("[docker]\npth = \"/x\"\n").starts_with("r.toml:2:7: unknown setting 'docker.pth'; known settings: "));
  CHECK(error_of("[policy]\nallow_bypass = \"yes\"\n")
        == "r.toml:2:16: policy.allow_bypass = \"yes\": must be true or false (no quotes)");
  CHECK(error_of("[[rule]]\ncommands = [\"*\"]\n").starts_with("r.toml:1:1: [[rule]] without an id"));
  CHECK(error_of("[[rule]]\nid = \"a\"\n").starts_with("r.toml:1:1: rule 'a' has no commands"));
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"*\"]\nactoin = \"block\"\n")
          .starts_with("r.toml:4:10: unknown key 'actoin' in [[rule]]; known keys: id, commands"));
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"*\"]\naction = \"deny\"\n")
        == "r.toml:4:10: action \"deny\" is not one of block, warn, allow, rewrite");
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"container rmm\"]\n")
          .starts_with("r.toml:3:12: unknown command path \"container rmm\""));
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"container rm\"]\nflags = [\"forse\"]\n")
        == "r.toml:4:9: \"container rm\" has no flag --forse; write the flag's long name without dashes");
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"*\"]\nflags = [\"--force\"]\n")
          .starts_with("r.toml:4:9: flag \"--force\": write the long name"));
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"*\"]\nalternative = \"{dokcer} ps\"\n")
          .starts_with("r.toml:4:15: unknown placeholder \"{dokcer}\""));
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"*\"]\n[[rule]]\nid = \"a\"\ncommands = [\"*\"]\n")
          .starts_with("r.toml:4:1: duplicate rule id 'a'"));
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = \"*\"\n")
          .starts_with("r.toml:3:12: 'commands' must be a list of strings"));
  CHECK(error_of("[[rule]]\nid = \"a\"\ncommands = [\"*\"]\ngrace_seconds = -1\n")
          .starts_with("r.toml:4:17: grace_seconds must be"));
}

TEST_CASE("rules: non-ASCII text outside strings and comments is a syntax error with its place")
{
  // Each of these made toml++ 3.3 test a character for whitespace in its "unreachable" branch
  // (found by fuzz_rules); under the sanitizer build that was a crash, not an error.
  CHECK(error_of("version = 1\n[\xEF\xBB\xAD\x05").starts_with("r.toml:2:2: "));
  CHECK(error_of("version = [1, \xC2\xB9]\n").starts_with("r.toml:1:15: "));
  CHECK(error_of("version = 1\n\xD0\x96 = 2\n").starts_with("r.toml:2:1: "));
  CHECK(error_of("why = \"\"\"\\\xC2\xB9\"\"\"\n").starts_with("r.toml:1:"));
  CHECK(error_of("ds = 7\"o\xEF\xB9\xBFx\"\n").starts_with("r.toml:1:"));
  CHECK(error_of("5=5555%55500000'\xCF\x9Clbbb\"\n").starts_with("r.toml:1:"));
  CHECK(error_of("ds = [7\"odoclproco\xEF\xB9\xBFnds = \"kivol\n").starts_with("r.toml:1:"));
  // In strings, comments and after a byte order mark it is text like any other.
  const auto rules = parse_rules(
    "\xEF\xBB\xBFversion = 1 # caf\xC3\xA9 \xC2\xB9 \xEF\xBB\xAD\n[[rule]]\nid = \"caf\xC3\xA9\\\"\xC2\xB9\"\n"
    "commands = ['*']\nwhy = \"\"\"\xC2\xB9\n\xD0\x96\"\"\"\"\nalternative = '''\xC2\xB9'''\n",
    "r.toml");
  REQUIRE(rules.rules.size() == 1);
  CHECK(rules.rules[0].id == "caf\xC3\xA9\"\xC2\xB9");
  CHECK(rules.rules[0].why == "\xC2\xB9\n\xD0\x96\"");
  // After a line-ending backslash too (the library used to test it for whitespace).
  const auto joined =
    parse_rules("[[rule]]\nid = \"a\"\ncommands = [\"*\"]\nwhy = \"\"\"x\\\n   \xC2\xB9\"\"\"\n", "r.toml");
  REQUIRE(joined.rules.size() == 1);
  CHECK(joined.rules[0].why == "x\xC2\xB9");
}

TEST_CASE("rules: the TOML library's whitespace test is defined for every code point")
{
  // What the repair in policy/toml_library.hpp must give: the non-ASCII blanks toml++ knows (to
  // report them as not TOML's), and nothing else.
  const std::set<char32_t> non_ascii_blanks = {0xA0,   0x1680, 0x180E, 0x2000, 0x2001, 0x2002, 0x2003,
                                               0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
                                               0x200B, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF};
  std::size_t wrong = 0;
  for (char32_t c = 0x80; c <= 0x10FFFF; ++c) {
    if (toml::impl::is_non_ascii_horizontal_whitespace(c) != non_ascii_blanks.contains(c)) {
      ++wrong;
    }
  }
  CHECK(wrong == 0);
}

TEST_CASE("rules: an alternative that the rules deny is reported")
{
  const auto rules = parse_rules(R"([[rule]]
id = "no-stop"
commands = ["container stop"]
[[rule]]
id = "force-rm"
commands = ["container rm"]
flags = ["force"]
alternative = "{docker} stop {targets} && {docker} rm {targets}"
)",
                                 "r.toml");
  const auto problems = check_alternatives(rules);
  REQUIRE(problems.size() == 1);
  CHECK(problems.front().find("blocked by rule no-stop") != std::string::npos);
}
