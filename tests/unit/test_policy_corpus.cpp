// Every labelled command line of tests/corpus/*.tsv: decision and command path under the default
// rules, and the alternative of every block passes the rules itself.

#include "policy/alternative.hpp"
#include "policy/alternative_check.hpp"
#include "policy/decide.hpp"
#include "policy/rules_file.hpp"
#include "util/shell_words.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace sd;

namespace {

struct Row
{
  std::string file;
  int line = 0;
  std::string decision;
  std::string command;
  std::string argv;
};

std::vector<Row>
read_corpus()
{
  std::vector<Row> rows;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(SD_CORPUS_DIR)) {
    if (entry.path().extension() == ".tsv") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text;
    int number = 0;
    while (std::getline(in, text)) {
      ++number;
      if (text.empty() || text.front() == '#') {
        continue;
      }
      Row row{path.filename().string(), number, {}, {}, {}};
      std::vector<std::string> fields;
      std::size_t start = 0;
      for (auto tab = text.find('\t');; tab = text.find('\t', start)) {
        fields.push_back(text.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) {
          break;
        }
        start = tab + 1;
      }
      REQUIRE_MESSAGE(fields.size() == 4, row.file, ":", number, ": expected 4 fields");
      row.decision = fields[0];
      row.command = fields[1];
      row.argv = fields[2];
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

} // namespace

TEST_CASE("corpus: every labelled command line is decided as labelled")
{
  const auto rules = policy::parse_rules(policy::builtin_rules_text(), "built-in default");
  const auto rows = read_corpus();
  CHECK(rows.size() >= 200);
  int wrong = 0;
  for (const auto& row : rows) {
    const auto words = util::split_shell_words(row.argv);
    REQUIRE_MESSAGE(words.has_value(), row.file, ":", row.line, ": unbalanced quotes");
    REQUIRE(!words->empty());
    const bool compose = words->front() == "docker-compose";
    const std::vector<std::string_view> args(words->begin() + 1, words->end());
    const auto parsed = grammar::parse(args, compose ? grammar::Face::docker_compose : grammar::Face::docker);
    const auto decision = policy::decide(rules, parsed);
    const std::string got = std::string(policy::action_name(decision.action));
    const bool known = parsed.kind != grammar::CommandKind::unknown && parsed.kind != grammar::CommandKind::none;
    const std::string got_command = known ? parsed.path : "-";
    const bool right_command = row.command == got_command || (!known && row.command == "-");
    if (got != row.decision || !right_command) {
      ++wrong;
      FAIL_CHECK(row.file << ":" << row.line << ": " << row.argv << "\n  expected " << row.decision << " "
                          << row.command << ", got " << got << " " << got_command);
    }
    if (decision.action == policy::Action::block) {
      const auto steps = policy::fill_alternative(decision, parsed, words->front());
      const auto problem = policy::check_steps(rules, steps);
      CHECK_MESSAGE(problem.empty(), row.file, ":", row.line, ": alternative of ", row.argv, ": ", problem);
    }
  }
  MESSAGE("corpus rows: " << rows.size() << ", wrong: " << wrong);
}
