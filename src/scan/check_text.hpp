#pragma once

#include "policy/rule.hpp"
#include "scan/file_kind.hpp"
#include "scan/finding.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// One file's text to findings: extract the docker calls, decide each with the wrapper's own
// grammar and rules (sd::grammar::parse, sd::policy::decide), then apply the suppressions.

namespace sd::scan {

/// Whether calls the rules warn about are findings too (as warnings).
enum class Warnings : std::uint8_t { no, yes };

/// The outcome already decided for each docker argv, for one set of rules: a repository repeats
/// its docker lines, and parsing and deciding one costs microseconds. Bounded in size.
class DecisionCache
{
public:
  static constexpr std::size_t k_max_entries = 100000;

  /// The outcome decided for `key` (a finding without file and position, or none), or nullptr
  /// when `key` was not decided yet.
  const std::optional<Finding>* find(std::string_view key) const;
  /// Remembers the outcome for `key`, unless the cache is full.
  void remember(std::string_view key, std::optional<Finding> finding);

private:
  // Transparent, so that a key built in a reused buffer is looked up without a copy.
  struct KeyHash
  {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  std::unordered_map<std::string, std::optional<Finding>, KeyHash, std::equal_to<>> m_entries;
};

/// The findings in `text`, a file of `kind` named `file`, sorted by line and column. `cache`,
/// when given, must only ever be used with the same rules and warnings.
std::vector<Finding> check_text(const std::string& file, std::string_view text, FileKind kind,
                                const policy::RuleSet& rules, Warnings warnings, DecisionCache* cache = nullptr);

} // namespace sd::scan
