#include "record/pipeline_log.hpp"

#include "record/logging.hpp"
#include "util/shell_words.hpp"
#include "util/version.hpp"

namespace sd::record {

void
log_rules(const config::Settings& settings, std::string_view source, std::string_view why)
{
  log::debug(std::string("version ") + k_version);
  log::debug("rules " + std::string(source) + (why.empty() ? "" : " (" + std::string(why) + ")"));
  for (const auto& [key, value] : settings.all()) {
    if (value.origin != "default") {
      log::debug("setting " + std::string(key) + " = " + value.value + " (" + value.origin + ")");
    }
  }
}

void
log_call(const std::vector<std::string>& redacted_argv, const grammar::ParsedCommand& parsed, std::string_view decision,
         std::string_view rule)
{
  std::string flags;
  for (const auto& flag : parsed.flags) {
    flags += (flags.empty() ? "" : ",") + flag.name;
  }
  log::debug("call " + util::join_shell_words(redacted_argv) + "; command \"" + parsed.path + "\"; flags "
             + (flags.empty() ? "-" : flags)
             + (parsed.container_command
                  ? "; container command from argument " + std::to_string(*parsed.container_command + 1)
                  : ""));
  log::debug("decision " + std::string(decision) + (rule.empty() ? "" : " by rule " + std::string(rule)));
}

} // namespace sd::record
