#include "policy/alternative_check.hpp"

#include "grammar/parser.hpp"
#include "policy/alternative.hpp"
#include "policy/decide.hpp"

namespace sd::policy {

namespace {

grammar::Face
face_of(const std::string& program)
{
  return program == "docker-compose" ? grammar::Face::docker_compose : grammar::Face::docker;
}

} // namespace

std::string
check_steps(const RuleSet& rules, const std::vector<std::vector<std::string>>& steps)
{
  for (const auto& step : steps) {
    if (step.empty()) {
      return "an empty step";
    }
    if (step.front() == "safedocker") {
      if (safedocker_verb_note(step) == nullptr) {
        return "`" + format_steps({step})
               + "` is not a safedocker verb an alternative can name (guard cleanup, guard session)";
      }
      continue;
    }
    const std::vector<std::string_view> args(step.begin() + 1, step.end());
    const auto parsed = grammar::parse(args, face_of(step.front()));
    const auto decision = decide(rules, parsed);
    if (decision.action == Action::block || decision.action == Action::rewrite) {
      return "`" + format_steps({step}) + "` is itself " + std::string(action_name(decision.action)) + "ed by rule "
             + decision.rule->id;
    }
    if (!parsed.errors.empty()) {
      return "`" + format_steps({step}) + "` is not valid docker: " + parsed.errors.front();
    }
  }
  return {};
}

std::vector<std::string>
check_alternatives(const RuleSet& rules)
{
  std::vector<std::string> problems;
  for (const auto& rule : rules.rules) {
    if (rule.action == Action::allow || rule.alternative.empty()) {
      continue;
    }
    for (const auto& path : rule.commands) {
      if (path.find_first_of("*?[") != std::string::npos) {
        continue;
      }
      std::vector<std::string> words;
      for (std::size_t start = 0; start <= path.size();) {
        auto end = path.find(' ', start);
        end = end == std::string::npos ? path.size() : end;
        words.push_back(path.substr(start, end - start));
        start = end + 1;
      }
      for (const auto& condition : rule.flags) {
        std::string word = "--";
        word += condition.flag;
        if (condition.value_glob) {
          word += "=sample";
        }
        words.push_back(std::move(word));
      }
      words.emplace_back("target");
      const std::vector<std::string_view> args(words.begin(), words.end());
      const auto parsed = grammar::parse(args, grammar::Face::docker);
      const auto decision = decide(rules, parsed);
      if (decision.rule != &rule) {
        continue; // an earlier rule decides this sample
      }
      for (const auto attendance : {Attendance::terminal, Attendance::unattended}) {
        if (attendance == Attendance::unattended && rule.unattended.empty()) {
          continue; // the same alternative: checked once
        }
        const auto steps = fill_alternative(decision, parsed, "docker", attendance);
        if (auto problem = check_steps(rules, steps); !problem.empty()) {
          problems.push_back(rule.id + " (" + rule.origin + "): for `docker " + path + "`"
                             + (attendance == Attendance::unattended ? " (unattended)" : "") + ", " + problem);
        }
      }
    }
  }
  return problems;
}

} // namespace sd::policy
