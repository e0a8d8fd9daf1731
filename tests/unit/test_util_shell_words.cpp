#include "util/shell_words.hpp"

#include <doctest/doctest.h>

using sd::util::split_shell_words;

TEST_CASE("shell words: quotes and escapes, no expansion")
{
  CHECK(*split_shell_words("docker rm -f web") == std::vector<std::string>{"docker", "rm", "-f", "web"});
  CHECK(*split_shell_words("a 'b c' \"d e\" f\\ g") == std::vector<std::string>{"a", "b c", "d e", "f g"});
  CHECK(*split_shell_words("'$IMAGE' \"x\\\"y\"") == std::vector<std::string>{"$IMAGE", "x\"y"});
  CHECK(*split_shell_words("ps --format '{{.ID}}'") == std::vector<std::string>{"ps", "--format", "{{.ID}}"});
  CHECK(*split_shell_words("a ''") == std::vector<std::string>{"a", ""});
  CHECK_FALSE(split_shell_words("a 'b").has_value());
  CHECK_FALSE(split_shell_words("a \"b").has_value());
}

TEST_CASE("shell words: quoting round-trips")
{
  for (const std::string word : {"web", "a b", "it's", "", "{{.ID}}", "$HOME", "-f"}) {
    const auto quoted = sd::util::quote_shell_word(word);
    REQUIRE(split_shell_words(quoted).has_value());
    CHECK(*split_shell_words(quoted) == std::vector<std::string>{word});
  }
  CHECK(sd::util::quote_shell_word("web") == "web");
}
