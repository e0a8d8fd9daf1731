#include "scan/shell_lexer.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace sd::scan;

namespace {

// Each simple command as its words joined by `|`, in the order the lexer gives them.
std::vector<std::string>
commands(std::string_view text)
{
  std::vector<std::string> out;
  lex_shell(ShellText::view(text), [&](const ShellText&, std::span<const SimpleCommand> line) {
    for (const auto& command : line) {
      std::string joined;
      for (const auto& word : command.words) {
        joined += (joined.empty() ? "" : "|") + word.text;
      }
      out.push_back(joined);
    }
  });
  return out;
}

std::vector<SimpleCommand>
all(std::string_view text)
{
  std::vector<SimpleCommand> out;
  lex_shell(ShellText::view(text), [&](const ShellText&, std::span<const SimpleCommand> line) {
    out.insert(out.end(), line.begin(), line.end());
  });
  return out;
}

} // namespace

TEST_CASE("scan lexer: words, quotes and escapes")
{
  CHECK(commands("docker rm -f web") == std::vector<std::string>{"docker|rm|-f|web"});
  CHECK(commands("echo 'a b' \"c d\" e\\ f") == std::vector<std::string>{"echo|a b|c d|e f"});
  CHECK(commands("echo \"x\\\"y\\$z\" 'it''s'") == std::vector<std::string>{"echo|x\"y$z|its"});
  CHECK(commands("echo $'a\\tb\\x41\\'c'") == std::vector<std::string>{"echo|a\tbA'c"});
  CHECK(commands("echo $\"locale\"") == std::vector<std::string>{"echo|locale"});
  CHECK(commands("echo a#b # a comment\n") == std::vector<std::string>{"echo|a#b"});
  CHECK(commands("# docker rm -f x").empty());
}

TEST_CASE("scan lexer: continuations keep the command's start")
{
  const auto list = all("  docker \\\n  rm \\\n  -f web\n");
  REQUIRE(list.size() == 1);
  CHECK(list[0].words.size() == 4);
  CHECK(list[0].words[0].origin == 2);
  CHECK(list[0].words[3].text == "web");
  CHECK(commands("echo \"a\\\nb\"") == std::vector<std::string>{"echo|ab"});
}

TEST_CASE("scan lexer: operators separate commands")
{
  CHECK(commands("a && b || c; d | e & f\ng") == std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g"});
  CHECK(commands("(cd x && docker ps) |& tee") == std::vector<std::string>{"cd|x", "docker|ps", "tee"});
  CHECK(commands("f() { docker rm -f x; }") == std::vector<std::string>{"f", "{|docker|rm|-f|x", "}"});
  CHECK(commands("case $a in x) docker ps ;; esac") == std::vector<std::string>{"case|$a|in|x", "docker|ps", "esac"});
  const auto list = all("a | b && c &\n");
  REQUIRE(list.size() == 3);
  CHECK(list[0].separator == Separator::pipe);
  CHECK(list[1].separator == Separator::and_if);
  CHECK(list[2].separator == Separator::background);
}

TEST_CASE("scan lexer: redirections are not words")
{
  CHECK(commands("docker rm -f x >/dev/null 2>&1") == std::vector<std::string>{"docker|rm|-f|x"});
  CHECK(commands("docker ps &> log; docker ps 2> err <in >>out") == std::vector<std::string>{"docker|ps", "docker|ps"});
  CHECK(commands("cat <<< \"$x\" >&2") == std::vector<std::string>{"cat"});
  CHECK(commands("echo 2>&1 | tee") == std::vector<std::string>{"echo", "tee"});
}

TEST_CASE("scan lexer: command substitutions and backquotes are lexed too")
{
  // The inner command comes first: it is complete before the outer one.
  CHECK(commands("docker rm -f $(docker ps -aq)")
        == std::vector<std::string>{"docker|ps|-aq", "docker|rm|-f|$(docker ps -aq)"});
  CHECK(commands("x=\"$(docker ps -q)\"") == std::vector<std::string>{"docker|ps|-q", "x=$(docker ps -q)"});
  CHECK(commands("docker rm -f `docker ps -q`")
        == std::vector<std::string>{"docker|ps|-q", "docker|rm|-f|`docker ps -q`"});
  CHECK(commands("echo `echo \\`date\\``")
        == std::vector<std::string>{"date", "echo|`date`", "echo|`echo \\`date\\``"});
  CHECK(commands("diff <(docker ps) b") == std::vector<std::string>{"docker|ps", "diff|<(docker ps)|b"});
  CHECK(commands("echo $((1 + $(x)))") == std::vector<std::string>{"echo|$((1 + $(x)))"});
  CHECK(commands("echo ${a:-$(b)} $HOME ${#x}") == std::vector<std::string>{"echo|${a:-$(b)}|$HOME|${#x}"});
  CHECK(commands("a=(docker rm -f)") == std::vector<std::string>{"a=(docker rm -f)"});
  const auto list = all("echo $x \"$(y)\" z");
  REQUIRE(list.size() == 2);
  CHECK(list[1].words[1].expansion == Expansion::some);
  CHECK(list[1].words[3].expansion == Expansion::none);
}

TEST_CASE("scan lexer: here-document bodies are not commands")
{
  CHECK(commands("cat <<EOF\ndocker rm -f x\nEOF\ndocker ps") == std::vector<std::string>{"cat", "docker|ps"});
  CHECK(commands("cat <<-'END' >f; echo\n\tdocker rm -f x\n\tEND\nls")
        == std::vector<std::string>{"cat", "echo", "ls"});
  CHECK(commands("cat <<\"A\" <<B\n1\nA\n2\nB\nls") == std::vector<std::string>{"cat", "ls"});
  CHECK(commands("cat <<EOF\nno end") == std::vector<std::string>{"cat"});
  const auto list = all("bash -s <<EOF\ndocker rm -f x\nEOF\n");
  REQUIRE(list.size() == 1);
  REQUIRE(list[0].heredocs.size() == 1);
  CHECK(list[0].heredocs[0].begin == 14);
  CHECK(list[0].heredocs[0].end == 29);
}

TEST_CASE("scan lexer: hostile input ends")
{
  CHECK(commands("echo 'open").size() == 1);
  CHECK(commands("echo \"open $(x").size() == 2);
  CHECK(commands("))) ;; || &&").empty());
  std::string deep;
  for (int i = 0; i < 200; ++i) {
    deep += "$(";
  }
  CHECK_FALSE(commands(deep).empty());
  CHECK(commands("\\").size() == 1);
}
