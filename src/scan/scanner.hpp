#pragma once

#include "policy/rule.hpp"
#include "scan/check_text.hpp"
#include "scan/finding.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The files of a scan, read one after another into one buffer: kind by name or `#!` line,
// binary files (a NUL byte in the first 8 KB) and files over 10 MB skipped.

namespace sd::scan {

/// Files larger than this are skipped: generated or data, not scripts.
inline constexpr std::uint64_t k_max_file_bytes = 10U * 1024U * 1024U;
/// A NUL byte in this many first bytes makes a file binary.
inline constexpr std::size_t k_binary_probe_bytes = 8192;

/// What a scan found, and how much it read.
struct ScanResult
{
  std::vector<Finding> findings;
  std::uint64_t files_scanned = 0; ///< files of a known kind that were read
  std::uint64_t bytes_scanned = 0;
  std::vector<std::string> notes; ///< files that could not be read, and why
};

/// Scans files one after another into one result, with one read buffer and one decision cache.
class Scanner
{
public:
  /// A scanner checking against `rules`, which must outlive it.
  Scanner(const policy::RuleSet& rules, Warnings warnings);

  /// Scans the file at `path` (also its name in findings), when its kind is known.
  void scan_file(const std::string& path);
  /// Scans `text` as the file `path` (a staged blob, say), when its kind is known.
  void scan_text(const std::string& path, std::string_view text);

  /// What has been found so far.
  const ScanResult& result() const { return m_result; }
  /// The same, to take findings out (or add notes).
  ScanResult& result() { return m_result; }

private:
  const policy::RuleSet& m_rules;
  Warnings m_warnings;
  ScanResult m_result;
  DecisionCache m_cache;
  std::string m_buffer;
};

/// Whether `text` looks binary: a NUL byte among its first k_binary_probe_bytes.
bool looks_binary(std::string_view text);

/// Scans `files` on up to `threads` threads (each with its own Scanner); the result is the
/// same as scanning them one by one in order.
ScanResult scan_files(const std::vector<std::string>& files, const policy::RuleSet& rules, Warnings warnings,
                      unsigned threads);

} // namespace sd::scan
