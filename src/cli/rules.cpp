#include "cli/verb_setup.hpp"
#include "policy/alternative_check.hpp"
#include "policy/rules_file.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>

namespace sd::cli {

namespace {

// guard rules check: every problem of the rules (and, for the rules in force, of the settings'
// environment variables), one line each, then the advice the rules deny.
int
check_rules(const std::string& path)
{
  policy::RulesReading reading;
  if (path.empty()) {
    reading.rules = policy::load_rules(reading.problems);
  } else {
    reading = policy::read_rules_file(path, "named on the command line"); // every problem, not only the first
  }
  const auto& rules = reading.rules;
  for (const auto& problem : reading.problems) {
    std::fprintf(stderr, "%s\n", problem.c_str());
  }
  const auto denied = policy::check_alternatives(rules);
  for (const auto& problem : denied) {
    std::fprintf(stderr, "%s: alternative denied: %s\n", rules.source.c_str(), problem.c_str());
  }
  if (!reading.problems.empty() || !denied.empty()) {
    return exit_code::k_bad_rules;
  }
  std::printf("%s: OK (%zu rules)\n", rules.source.c_str(), rules.rules.size());
  return 0;
}

} // namespace

VerbRunner
setup_rules(CLI::App& guard)
{
  struct Options
  {
    std::string file;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* rules_verb = guard.add_subcommand("rules", "Validate or show the rules");
  rules_verb->require_subcommand(1);
  auto* check =
    rules_verb->add_subcommand("check", "Validate a rules file (default: the one in force), like visudo -c");
  check->add_option("FILE", options->file, "Rules file to check");
  auto* show = rules_verb->add_subcommand("show", "Print the rules and settings in force and where each came from");
  show->add_flag("--json", options->json, "Print one JSON object");
  return [options, check, show](std::span<const std::string_view>) {
    if (check->parsed()) {
      return check_rules(options->file);
    }
    const auto rules = policy::load_rules();
    if (show->parsed() && options->json) {
      nlohmann::json out = {{"source", rules.source},
                            {"locked", policy::rules_locked(rules)},
                            {"ignored_environment", rules.ignored_environment},
                            {"rules", nlohmann::json::array()},
                            {"settings", nlohmann::json::object()}};
      for (const auto& rule : rules.rules) {
        auto flags = nlohmann::json::array();
        for (const auto& condition : rule.flags) {
          flags.push_back(condition.flag + (condition.value_glob ? "=" + *condition.value_glob : ""));
        }
        out["rules"].push_back({{"id", rule.id},
                                {"commands", rule.commands},
                                {"flags", flags},
                                {"args", rule.args},
                                {"action", policy::action_name(rule.action)},
                                {"why", rule.why},
                                {"alternative", rule.alternative},
                                {"origin", rule.origin}});
      }
      for (const auto& [key, value] : rules.settings.all()) {
        out["settings"][std::string(key)] = {{"value", value.value}, {"origin", value.origin}};
      }
      std::printf("%s\n", out.dump(2).c_str());
      return 0;
    }
    std::printf("rules in force: %s\n", rules.source.c_str());
    if (policy::rules_locked(rules)) {
      std::string ignored;
      for (const auto& name : rules.ignored_environment) {
        ignored += (ignored.empty() ? "" : ", ") + name;
      }
      std::printf("locked: yes (policy.locked, %s): user rules files, SAFEDOCKER_RULES, SAFEDOCKER_BYPASS and the "
                  "settings' environment variables are ignored%s%s\n",
                  rules.settings.get("policy.locked").origin.c_str(),
                  ignored.empty() ? "" : "; ignored now: ", ignored.c_str());
    } else {
      std::printf("locked: no\n");
    }
    std::printf("\n");
    for (const auto& rule : rules.rules) {
      std::string commands;
      for (const auto& c : rule.commands) {
        commands += (commands.empty() ? "" : ", ") + c;
      }
      std::string flags;
      for (const auto& condition : rule.flags) {
        flags += (flags.empty() ? "" : ", ") + std::string("--") + condition.flag
                 + (condition.value_glob ? "=" + *condition.value_glob : "");
      }
      std::printf("%-8s %s  [%s]%s%s  (%s)\n", std::string(policy::action_name(rule.action)).c_str(), rule.id.c_str(),
                  commands.c_str(), flags.empty() ? "" : " with ", flags.c_str(), rule.origin.c_str());
    }
    std::printf("\nsettings:\n");
    for (const auto& [key, value] : rules.settings.all()) {
      std::printf("  %s = \"%s\"  (%s)\n", std::string(key).c_str(), value.value.c_str(), value.origin.c_str());
    }
    return 0;
  };
}

} // namespace sd::cli
