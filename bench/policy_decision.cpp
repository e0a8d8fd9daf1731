// Policy decision time per argv over the labelled corpus: parse + decide, as the hot path does.
// Usage: bench_policy_decision CORPUS_DIR [ROUNDS]. Prints median and p99 in microseconds.

#include "grammar/parser.hpp"
#include "policy/decide.hpp"
#include "policy/rules_file.hpp"
#include "util/shell_words.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

int
main(int argc, char** argv)
{
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR [ROUNDS]\n", argv[0]);
    return 2;
  }
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 200;
  std::vector<std::vector<std::string>> lines;
  for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream in(entry.path());
    std::string text;
    while (std::getline(in, text)) {
      if (text.empty() || text.front() == '#') {
        continue;
      }
      const auto first = text.find('\t');
      const auto second = text.find('\t', first + 1);
      const auto third = text.find('\t', second + 1);
      if (auto words = sd::util::split_shell_words(text.substr(second + 1, third - second - 1))) {
        lines.push_back(std::move(*words));
      }
    }
  }
  const auto rules = sd::policy::parse_rules(sd::policy::builtin_rules_text(), "built-in default");
  std::vector<double> samples;
  samples.reserve(lines.size() * static_cast<std::size_t>(rounds));
  std::size_t blocked = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& words : lines) {
      const auto start = std::chrono::steady_clock::now();
      const std::vector<std::string_view> args(words.begin() + 1, words.end());
      const auto face =
        words.front() == "docker-compose" ? sd::grammar::Face::docker_compose : sd::grammar::Face::docker;
      const auto parsed = sd::grammar::parse(args, face);
      const auto decision = sd::policy::decide(rules, parsed);
      const auto end = std::chrono::steady_clock::now();
      blocked += decision.action == sd::policy::Action::block ? 1 : 0;
      samples.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  std::sort(samples.begin(), samples.end());
  const auto at = [&](double q) {
    return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))];
  };
  std::printf("policy decision over %zu argv x %d rounds: median %.2f us, p99 %.2f us, max %.2f us (%zu blocked)\n",
              lines.size(), rounds, at(0.5), at(0.99), samples.back(), blocked / static_cast<std::size_t>(rounds));
  return 0;
}
