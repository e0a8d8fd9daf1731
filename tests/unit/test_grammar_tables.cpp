#include "grammar/command_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace sd::grammar;

TEST_CASE("tables: commands sorted and unique, flags sorted with unique names and shorthands")
{
  CHECK(
    std::is_sorted(k_commands.begin(), k_commands.end(), [](const auto& a, const auto& b) { return a.path < b.path; }));
  CHECK(std::adjacent_find(k_commands.begin(), k_commands.end(),
                           [](const auto& a, const auto& b) { return a.path == b.path; })
        == k_commands.end());
  for (const auto& command : k_commands) {
    INFO(command.path);
    CHECK(std::is_sorted(command.flags.begin(), command.flags.end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; }));
    std::set<std::string_view> names;
    std::set<char> shorts;
    for (const auto& flag : command.flags) {
      CHECK(names.insert(flag.name).second);
      if (flag.shorthand != '\0') {
        CHECK(shorts.insert(flag.shorthand).second);
      }
    }
  }
}

TEST_CASE("tables: every word leads to a command and every parent exists")
{
  CHECK(std::is_sorted(k_command_words.begin(), k_command_words.end(), [](const auto& a, const auto& b) {
    return std::pair(a.parent, a.word) < std::pair(b.parent, b.word);
  }));
  for (const auto& word : k_command_words) {
    INFO(word.parent, " ", word.word);
    CHECK(find_command(word.target) != nullptr);
    CHECK((word.parent.empty() || find_command(word.parent) != nullptr));
  }
}

TEST_CASE("tables: aliases resolve as docker does")
{
  CHECK(find_command_word("", "rm")->path == "container rm");
  CHECK(find_command_word("container", "remove")->path == "container rm");
  CHECK(find_command_word("", "rmi")->path == "image rm");
  CHECK(find_command_word("image", "rmi")->path == "image rm");
  CHECK(find_command_word("image", "remove")->path == "image rm");
  CHECK(find_command_word("", "ps")->path == "container ls");
  CHECK(find_command_word("", "builder")->path == "buildx");
  CHECK(find_command_word("buildx", "f")->path == "buildx bake");
  CHECK(find_command_word("stack", "down")->path == "stack rm");
  CHECK(find_command_word("", "ls") == nullptr);
  CHECK(find_command_word("model", "ls")->path == "model list");
  CHECK(find_command_word("model", "stop")->path == "model unload");
  CHECK(find_command_word("model", "config")->path == "model configure");
}

TEST_CASE("tables: -f means force only where docker says so")
{
  const auto meaning = [](std::string_view path) {
    const auto* command = find_command(path);
    REQUIRE(command != nullptr);
    const auto* flag = find_short_flag(command->flags, 'f');
    return flag != nullptr ? flag->name : std::string_view("-");
  };
  for (const auto path : {"container rm",    "image rm",    "volume rm",    "network rm",          "network disconnect",
                          "container prune", "image prune", "volume prune", "network prune",       "system prune",
                          "buildx prune",    "buildx rm",   "plugin rm",    "plugin disable",      "swarm leave",
                          "node rm",         "context rm",  "compose rm",   "trust signer remove", "model rm",
                          "model purge",     "model skills"}) {
    CHECK_MESSAGE(meaning(path) == "force", path);
  }
  CHECK(meaning("container logs") == "follow");
  CHECK(meaning("compose logs") == "follow");
  CHECK(meaning("model logs") == "follow");
  CHECK(meaning("model requests") == "follow");
  CHECK(meaning("container ls") == "filter");
  CHECK(meaning("inspect") == "format");
  CHECK(meaning("image build") == "file");
  CHECK(meaning("buildx bake") == "file");
  CHECK(meaning("container run") == "-");
  CHECK(meaning("service update") == "-");
  CHECK(find_long_flag(find_command("service update")->flags, "force") != nullptr);
}

#include "config/settings.hpp"

TEST_CASE("settings: the key table is sorted and documented")
{
  // The manual's settings section is written from this table (docs/manual_tables.cpp), and
  // packaging.man_page checks that every key is in the pages as built.
  const auto specs = sd::config::setting_specs();
  CHECK(std::is_sorted(specs.begin(), specs.end(), [](const auto& a, const auto& b) { return a.key < b.key; }));
  for (const auto& spec : specs) {
    INFO(spec.key);
    CHECK_FALSE(spec.doc.empty());
  }
}
