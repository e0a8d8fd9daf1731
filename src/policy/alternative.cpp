#include "policy/alternative.hpp"

#include "util/shell_words.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace sd::policy {

namespace {

// The words of `args` after the command words, with the decision's flags taken out: a whole
// long flag, or one letter of a short cluster (`-fv` → `-v`).
struct Tail
{
  std::vector<std::string> all;
  std::vector<std::string> flags;
  std::vector<std::string> targets;
};

Tail
split_tail(const Decision& decision, const grammar::ParsedCommand& parsed)
{
  const std::size_t first = parsed.words.empty() ? parsed.args.size() : parsed.words.back() + 1;
  std::map<std::size_t, std::set<std::size_t>> removed_letters; // arg → letters
  std::set<std::size_t> removed_args;
  std::set<std::size_t> flag_args;
  for (const auto& use : parsed.flags) {
    if (use.arg < first) {
      continue;
    }
    flag_args.insert(use.arg);
    if (use.value_arg) {
      flag_args.insert(*use.value_arg);
    }
    if (std::find(decision.flags.begin(), decision.flags.end(), use.name) == decision.flags.end()) {
      continue;
    }
    if (use.letter == 0) {
      removed_args.insert(use.arg);
      if (use.value_arg) {
        removed_args.insert(*use.value_arg);
      }
    } else {
      removed_letters[use.arg].insert(use.letter);
    }
  }
  Tail tail;
  for (std::size_t i = first; i < parsed.args.size(); ++i) {
    if (removed_args.contains(i)) {
      continue;
    }
    std::string word(parsed.args[i]);
    if (const auto it = removed_letters.find(i); it != removed_letters.end()) {
      std::string kept = "-";
      for (std::size_t k = 1; k < word.size(); ++k) {
        if (it->second.contains(k)) {
          if (k + 1 < word.size() && word[k + 1] == '=') {
            break; // `-f=true`: the value goes with the letter
          }
          continue;
        }
        kept += word[k];
      }
      if (kept == "-") {
        continue;
      }
      word = kept;
    }
    tail.all.push_back(word);
    if (std::find(parsed.positionals.begin(), parsed.positionals.end(), i) != parsed.positionals.end()) {
      tail.targets.push_back(word);
    } else if (flag_args.contains(i)) {
      tail.flags.push_back(word);
    }
  }
  const bool needs_separator =
    std::any_of(tail.targets.begin(), tail.targets.end(), [](const std::string& t) { return t.starts_with('-'); });
  if (needs_separator) {
    tail.targets.insert(tail.targets.begin(), "--");
  }
  return tail;
}

std::vector<std::string>
words_of(const grammar::ParsedCommand& parsed, std::size_t from, std::size_t to)
{
  std::vector<std::string> out;
  for (std::size_t i = from; i < to && i < parsed.args.size(); ++i) {
    if (parsed.args[i] != "--") {
      out.emplace_back(parsed.args[i]);
    }
  }
  return out;
}

} // namespace

const char*
safedocker_verb_note(const std::vector<std::string>& step)
{
  // The verbs an alternative may name, and what the reader is told they do.
  static constexpr std::pair<std::string_view, const char*> k_verbs[] = {
    {"cleanup", "removes exited containers and dangling images older than 24 h and what ended test sessions left; "
                "never running containers, volumes or the build cache; no confirmation to answer"},
    {"session", "runs the job as a test session: its containers and networks, and its volumes with --volumes, "
                "are removed when it ends"},
  };
  if (step.size() < 3 || step[0] != "safedocker" || step[1] != "guard") {
    return nullptr;
  }
  for (const auto& [verb, note] : k_verbs) {
    if (step[2] == verb) {
      return note;
    }
  }
  return nullptr;
}

std::vector<std::vector<std::string>>
fill_alternative(const Decision& decision, const grammar::ParsedCommand& parsed, std::string_view program,
                 Attendance attendance)
{
  if (decision.rule == nullptr) {
    return {};
  }
  const auto& pattern = attendance == Attendance::unattended && !decision.rule->unattended.empty()
                          ? decision.rule->unattended
                          : decision.rule->alternative;
  if (pattern.empty()) {
    return {};
  }
  const auto tail = split_tail(decision, parsed);
  const std::size_t first_word = parsed.words.empty() ? parsed.args.size() : parsed.words.front();
  const std::size_t last_word = parsed.words.empty() ? parsed.args.size() : parsed.words.back();
  const std::map<std::string, std::vector<std::string>, std::less<>> values = {
    {"{docker}", {std::string(program)}},
    {"{global}", words_of(parsed, 0, first_word)},
    {"{parent}", words_of(parsed, first_word, last_word)},
    {"{command}", words_of(parsed, first_word, last_word + 1)},
    {"{args}", tail.all},
    {"{flags}", tail.flags},
    {"{targets}", tail.targets},
    {"{grace}", {std::to_string(decision.rule->grace_seconds)}},
  };
  std::vector<std::vector<std::string>> steps(1);
  std::istringstream words(pattern);
  std::string word;
  while (words >> word) {
    if (word == "&&") {
      steps.emplace_back();
    } else if (const auto it = values.find(word); it != values.end()) {
      steps.back().insert(steps.back().end(), it->second.begin(), it->second.end());
    } else {
      steps.back().push_back(word);
    }
  }
  return steps;
}

std::string
format_steps(const std::vector<std::vector<std::string>>& steps)
{
  std::string text;
  for (const auto& step : steps) {
    if (!text.empty()) {
      text += " && ";
    }
    text += util::join_shell_words(step);
    if (const char* note = safedocker_verb_note(step)) {
      text += std::string(" (") + note + ")";
    }
  }
  return text;
}

} // namespace sd::policy
