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
  /// Remembers the outcome for `key`, unless the cache is full (or holds another key with the
  /// same hash, which is then decided every time).
  void remember(std::string_view key, std::optional<Finding> finding);

private:
  struct Entry
  {
    std::string key;
    std::optional<Finding> finding;
  };
  // Entries by their key's hash: the table's nodes are small and compared as numbers, and the
  // key itself is compared once, on a hit. Most lookups hit, so this is the scan's hot table.
  std::unordered_map<std::size_t, std::uint32_t> m_index;
  std::vector<Entry> m_entries;
};

/// The findings in `text`, a file of `kind` named `file`, sorted by line and column. `cache`,
/// when given, must only ever be used with the same rules and warnings.
std::vector<Finding> check_text(const std::string& file, std::string_view text, FileKind kind,
                                const policy::RuleSet& rules, Warnings warnings, DecisionCache* cache = nullptr);

} // namespace sd::scan
