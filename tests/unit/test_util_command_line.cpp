#include "util/command_line.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using sd::util::join_command_line;
using sd::util::split_command_line;

namespace {

using Argv = std::vector<std::string>;

// Arguments that a careless quoting loses or changes: empty ones, blanks, quotes, backslashes
// before quotes and at the end, shell syntax, UTF-8 text, a UNC path, a trailing backslash.
const std::vector<Argv> k_tricky = {
  {"docker", "run", "--rm", "busybox", "echo", "plain"},
  {"docker", "", "a b", "", ""},
  {"docker", "quote\"inside", "\"", "\"\"", "\"a b\""},
  {"docker", "trail\\", "two\\\\", "\\\\server\\share\\", "C:\\Program Files\\Docker\\"},
  {"docker", "back\\\\\"slash", "\\\"", "a\\\\\\\"b", "\\"},
  {"docker", "tab\there", "new\nline", " leading", "trailing "},
  {"docker", "$(rm -f x); |& `id` %PATH% ^& !x!", "--label=a=b c", "-e", "X=\"y\""},
  {"docker", "café ☃ 日本", "ünï\\\"cødé\\"},
};

} // namespace

TEST_CASE("a command line splits as a Go program splits it")
{
  CHECK(split_command_line("docker ps -a") == Argv{"docker", "ps", "-a"});
  CHECK(split_command_line("  docker \t ps  ") == Argv{"docker", "ps"});
  CHECK(split_command_line(R"(docker "a b" c)") == Argv{"docker", "a b", "c"});
  CHECK(split_command_line(R"(docker a\b c\\d)") == Argv{"docker", R"(a\b)", R"(c\\d)"});
  CHECK(split_command_line(R"(docker \"x\" "y\\" z)") == Argv{"docker", R"("x")", R"(y\)", "z"});
  CHECK(split_command_line(R"(docker "" x)") == Argv{"docker", "", "x"});
  CHECK(split_command_line(R"(docker a"b c"d)") == Argv{"docker", "ab cd"});
  // Go's rule of the C runtime before 2008: "" inside quotes is one quote, and quoting ends.
  CHECK(split_command_line(R"(docker "a""b c" d)") == Argv{"docker", R"(a"b)", "c d"});
  CHECK(split_command_line(R"(docker "unterminated)") == Argv{"docker", "unterminated"});
  CHECK(split_command_line(R"(docker trailing\)") == Argv{"docker", R"(trailing\)"});
  CHECK(split_command_line("").empty());
}

TEST_CASE("a joined command line splits back into exactly its argv")
{
  for (const auto& argv : k_tricky) {
    const std::string line = join_command_line(argv);
    CAPTURE(line);
    CHECK(split_command_line(line) == argv);
    // Never "" inside quotes, where Go and the C runtime after 2008 disagree.
    CHECK(line.find("\"\"\"") == std::string::npos);
  }
  CHECK(join_command_line({"docker", "ps"}) == "docker ps");
  CHECK(join_command_line({"docker", ""}) == R"(docker "")");
  CHECK(join_command_line({"docker", R"(C:\a b\)"}) == R"(docker "C:\a b\\")");
  CHECK(join_command_line({"docker", R"(x\"y)"}) == R"(docker "x\\\"y")");
  CHECK(join_command_line({"docker", R"(C:\dir\file)"}) == R"(docker C:\dir\file)");
}
