#pragma once

#include "scan/finding.hpp"
#include "scan/shell_text.hpp"

#include <string>
#include <string_view>
#include <vector>

// Inline suppression: `# safedocker: allow RULE[,RULE…] -- REASON`. A trailing comment covers
// its own line; a comment alone on its line covers the next line that is not a comment.

namespace sd::scan {

/// One `# safedocker: allow …` comment.
struct Suppression
{
  std::uint32_t line = 0;   ///< where the comment is (1-based)
  std::uint32_t column = 0; ///< of its `#`
  std::uint32_t covers = 0; ///< the line whose findings it suppresses
  std::vector<std::string> rules;
  std::string reason; ///< empty when there is no `-- REASON`
};

/// The suppression comments in `file`.
std::vector<Suppression> find_suppressions(std::string_view file, const LineIndex& lines);

/// Removes from `findings` those a suppression covers, and adds a finding for each suppression
/// that names no rule or gives no reason (it still suppresses the rules it names).
void apply_suppressions(const std::vector<Suppression>& suppressions, const std::string& file,
                        std::vector<Finding>& findings);

} // namespace sd::scan
