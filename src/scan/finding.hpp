#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sd::scan {

/// How serious a finding is: errors decide the exit status, warnings (`--warnings`) do not.
enum class Level : std::uint8_t { error, warning };

/// One problem at one place: a docker call the rules block (or warn about), or a suppression
/// comment that is not acceptable.
struct Finding
{
  std::string file;         ///< as walked or given (relative stays relative)
  std::uint32_t line = 0;   ///< 1-based, of the `docker` word
  std::uint32_t column = 0; ///< 1-based, in Unicode code points
  std::string rule;         ///< the rule's id, or suppression-without-reason/-rule
  Level level = Level::error;
  std::string token;             ///< the offending token as written (`-fv`); may be empty
  std::string command;           ///< docker's canonical command path (`container rm`)
  std::string message;           ///< one line
  std::string alternative;       ///< what to write instead; may be empty
  std::string why;               ///< the rule's explanation (SARIF's rule description)
  std::vector<std::string> argv; ///< the docker call as extracted
};

/// The pseudo-rules for suppression comments.
inline constexpr const char* k_rule_no_reason = "suppression-without-reason";
inline constexpr const char* k_rule_no_rule = "suppression-without-rule";

} // namespace sd::scan
