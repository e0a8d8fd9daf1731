#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

// Where a reader of the audit log stopped, so that its next run reads only what was appended
// since: a run every minute over a 100 MB log costs what the minute added, not the 100 MB. The
// place is a file's identity (device, inode, and a fingerprint of its first bytes, against a
// reused inode) and an offset; the file is found again among the rotated ones (PATH → PATH.1 →
// …) wherever rotation has moved it, read to its end, and the newer files after it.

namespace sd::record {

struct AuditPosition
{
  std::uint64_t device = 0;
  std::uint64_t inode = 0;     ///< 0: nothing read yet
  std::uint64_t offset = 0;    ///< whole lines read up to here
  std::uint64_t head_hash = 0; ///< FNV-1a of the file's first head_length bytes
  std::uint64_t head_length = 0;
};

/// Hands every line appended to `files` (oldest first, as audit_files() lists them) since `from`
/// to `line` (without its newline), oldest first, and returns where reading stopped. When the
/// file of `from` is not among them any more (rotated beyond audit.keep, removed) every file is
/// read. The newest file is read up to its last newline (a writer may be mid-line); in a rotated
/// file, a last line without one is handed on as it is (a torn fragment, counted as such).
AuditPosition read_appended(const std::vector<std::string>& files, const AuditPosition& from,
                            const std::function<void(std::string_view)>& line);

nlohmann::json audit_position_json(const AuditPosition& position);
/// nullopt-like: false when `json` is not a position.
bool audit_position_from_json(const nlohmann::json& json, AuditPosition& out);

} // namespace sd::record
