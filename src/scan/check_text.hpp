#pragma once

#include "policy/rule.hpp"
#include "scan/file_kind.hpp"
#include "scan/finding.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
  // Most lookups hit, so this is the scan's hot table: an open-addressing index of the keys'
  // hashes (one cache line per lookup, no node to follow), then one key comparison.
  struct Slot
  {
    std::size_t hash = 0;
    std::uint32_t entry = 0; ///< 1 + the entry's position in m_keys; 0: an empty slot
  };
  /// The slot holding `hash`, or the empty slot where it would go.
  std::size_t slot_of(std::size_t hash) const;
  /// Doubles the index, which is kept at most half full.
  void grow();

  std::vector<Slot> m_slots; ///< a power of two in size; linear probing
  std::vector<std::string> m_keys;
  std::vector<std::optional<Finding>> m_findings; ///< by entry, as m_keys
};

/// The findings in `text`, a file of `kind` named `file`, sorted by line and column. `cache`,
/// when given, must only ever be used with the same rules and warnings.
std::vector<Finding> check_text(const std::string& file, std::string_view text, FileKind kind,
                                const policy::RuleSet& rules, Warnings warnings, DecisionCache* cache = nullptr);

} // namespace sd::scan
