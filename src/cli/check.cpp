#include "cli/verb_setup.hpp"
#include "grammar/parser.hpp"
#include "housekeeping/session_labels.hpp"
#include "policy/alternative.hpp"
#include "policy/decide.hpp"
#include "policy/message.hpp"
#include "policy/rules_file.hpp"
#include "util/exit_codes.hpp"
#include "util/terminal.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <memory>
#include <unistd.h>

namespace sd::cli {

namespace {

nlohmann::json
flags_json(const grammar::ParsedCommand& parsed, const std::vector<grammar::FlagUse>& flags)
{
  auto out = nlohmann::json::array();
  for (const auto& use : flags) {
    out.push_back({{"name", use.name}, {"value", use.value}, {"token", parsed.args[use.arg]}});
  }
  return out;
}

std::string_view
kind_name(grammar::CommandKind kind)
{
  switch (kind) {
  case grammar::CommandKind::none:
    return "none";
  case grammar::CommandKind::known:
    return "known";
  case grammar::CommandKind::unknown:
    return "unknown";
  case grammar::CommandKind::help:
    return "help";
  case grammar::CommandKind::completion:
    return "completion";
  }
  return "unknown";
}

} // namespace

VerbRunner
setup_check(CLI::App& guard)
{
  struct Options
  {
    bool json = false;
    bool compose = false;
    bool unattended = false;
  };
  auto options = std::make_shared<Options>();
  auto* check = guard.add_subcommand("check", "Explain the decision for a docker call without running it");
  check->add_flag("--json", options->json, "Print one JSON object");
  check->add_flag("--compose", options->compose, "Read ARGS as the standalone docker-compose's");
  check->add_flag("--unattended", options->unattended,
                  "Advise as for a call nobody can answer a prompt for (CI, a script); default: as for "
                  "this stdin, a terminal or not");
  check->footer("Usage: safedocker guard check [--json] [--unattended] -- DOCKER_ARGS...");
  return [options](std::span<const std::string_view> args) {
    const auto rules = policy::load_rules();
    const auto face = options->compose ? grammar::Face::docker_compose : grammar::Face::docker;
    const std::string_view program = options->compose ? "docker-compose" : "docker";
    auto parsed = grammar::parse(args, face);
    // Inside a test session the call runs with the session's labels: show that argv.
    housekeeping::LabelledArgv labelled;
    if (auto with_labels = housekeeping::label_for_current_session(parsed, face, labelled)) {
      parsed = std::move(*with_labels);
    }
    const auto decision = policy::decide(rules, parsed);
    // As the call would be advised here: a prune's confirmation needs someone at a terminal.
    const auto attendance = options->unattended || !util::is_terminal(STDIN_FILENO) ? policy::Attendance::unattended
                                                                                    : policy::Attendance::terminal;
    const auto steps = policy::fill_alternative(decision, parsed, program, attendance);
    const bool blocked = decision.action == policy::Action::block;
    if (options->json) {
      nlohmann::json out = {
        {"decision", policy::action_name(decision.action)},
        {"rule", decision.rule != nullptr ? nlohmann::json(decision.rule->id) : nlohmann::json()},
        {"rule_origin", decision.rule != nullptr ? nlohmann::json(decision.rule->origin) : nlohmann::json()},
        {"command", parsed.path},
        {"kind", kind_name(parsed.kind)},
        {"executes", parsed.executes()},
        {"global_flags", flags_json(parsed, parsed.global_flags)},
        {"flags", flags_json(parsed, parsed.flags)},
        {"token", decision.token ? nlohmann::json(parsed.args[*decision.token]) : nlohmann::json()},
        {"alternative", steps.empty() ? nlohmann::json() : nlohmann::json(policy::format_steps(steps))},
        {"alternative_steps", steps},
        {"attendance", attendance == policy::Attendance::terminal ? "terminal" : "unattended"},
        {"errors", parsed.errors},
        {"note", decision.note},
        {"rules", rules.source},
        {"session_argv", labelled.words.empty() ? nlohmann::json() : nlohmann::json(labelled.words)},
      };
      auto positionals = nlohmann::json::array();
      auto container = nlohmann::json::array();
      for (const auto index : parsed.positionals) {
        (parsed.container_command && index >= *parsed.container_command ? container : positionals)
          .push_back(parsed.args[index]);
      }
      out["positionals"] = positionals;
      out["container_command"] = container;
      std::printf("%s\n", out.dump().c_str());
    } else {
      if (!labelled.words.empty()) {
        std::string line;
        for (const auto& word : labelled.words) {
          line += " " + word;
        }
        std::printf("session:   runs as: %s%s\n", std::string(program).c_str(), line.c_str());
      }
      std::printf("command:   %s (%s)\n", parsed.path.empty() ? "-" : parsed.path.c_str(),
                  std::string(kind_name(parsed.kind)).c_str());
      for (const auto& use : parsed.global_flags) {
        std::printf("global:    --%s=%s\n", use.name.c_str(), use.value.c_str());
      }
      for (const auto& use : parsed.flags) {
        std::printf("flag:      --%s=%s  (typed %s)\n", use.name.c_str(), use.value.c_str(),
                    std::string(parsed.args[use.arg]).c_str());
      }
      for (const auto index : parsed.positionals) {
        const bool inside = parsed.container_command && index >= *parsed.container_command;
        std::printf("%s %s\n", inside ? "container:" : "argument: ", std::string(parsed.args[index]).c_str());
      }
      for (const auto& error : parsed.errors) {
        std::printf("error:     %s (docker would stop here)\n", error.c_str());
      }
      std::printf("decision:  %s", std::string(policy::action_name(decision.action)).c_str());
      if (decision.rule != nullptr) {
        std::printf(" by rule %s (%s)\n", decision.rule->id.c_str(), decision.rule->origin.c_str());
      } else {
        std::printf(" (%s; rules: %s)\n", decision.note.c_str(), rules.source.c_str());
      }
      if (decision.rule != nullptr && !decision.rule->why.empty()) {
        std::printf("why:       %s\n", decision.rule->why.c_str());
      }
      if (!steps.empty()) {
        std::printf("instead:   %s\n", policy::format_steps(steps).c_str());
      }
    }
    return blocked ? exit_code::k_blocked : 0;
  };
}

} // namespace sd::cli
