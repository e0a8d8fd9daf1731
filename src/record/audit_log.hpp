#pragma once

#include "config/settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The audit log: JSON lines, one record per call and per notable event, in a file that rotates
// by size. Every line carries the format version ("v":1).

namespace sd::record {

/// Version of the audit line format, written as "v" in every record.
constexpr int k_audit_format_version = 1;

struct AuditConfig
{
  bool enabled = true;
  std::string path; ///< resolved: audit.path, else $XDG_STATE_HOME/safedocker/audit.jsonl
  std::uint64_t max_bytes = 0;
  int keep = 5;
  bool required = false;
  bool shared = false; ///< limits.shared: files 0640 and directories 0750, so a group can audit
  /// Where failed appends are counted, one byte each in its file audit-failures: the lock
  /// directory, which a full disk under the audit log does not reach (it is on tmpfs as a rule).
  std::string failures_dir;
};

/// safedocker's state directory: $XDG_STATE_HOME/safedocker, else ~/.local/state/safedocker,
/// else /tmp/safedocker-UID. Holds the audit log (by default) and the scheduler's state.
std::string state_directory();

/// The audit settings in force, with the default path resolved.
AuditConfig audit_config(const config::Settings& settings);

/// Appends `line` (one JSON object, no newline) with a single write to a file opened O_APPEND,
/// so concurrent writers never interleave or tear lines. Rotates first when the file has reached
/// max_bytes: under an exclusive lock on PATH.lock, PATH.(k) → PATH.(k+1) and PATH → PATH.1,
/// dropping what is beyond `keep`; writers still holding the old file keep appending to it.
/// Creates the directory (0700; 0750 shared) and the file (0600; 0640 shared, whatever the umask;
/// a log of ours with another mode is set back to it). Refuses, naming the path and the fix, a
/// directory that is a symlink, owned by another user (not root), or writable by others without
/// the sticky bit (by group too, unless shared), and a log that is a symlink, not a regular file,
/// hard-linked, or owned by another user (not root). Returns an error message, or nullopt.
std::optional<std::string> append_line(const AuditConfig& config, std::string_view line);

/// The audit log held open between records, for a writer that lives long (the API guard writes
/// one record per request). Each append checks, with one lstat, that the path still leads to the
/// file held and that it is under max_bytes; if not (rotated by another process, removed,
/// replaced) it opens the log again as append_line does, with the same checks and rotation.
class OpenAuditLog
{
public:
  OpenAuditLog() = default;
  OpenAuditLog(const OpenAuditLog&) = delete;
  OpenAuditLog& operator=(const OpenAuditLog&) = delete;
  ~OpenAuditLog();

  /// append_line's contract, on the file held open.
  std::optional<std::string> append(const AuditConfig& config, std::string_view line);

private:
  void close();

  int m_fd = -1;
  std::uint64_t m_device = 0;
  std::uint64_t m_inode = 0;
};

/// Counts one failed append (a byte more in failures_dir/audit-failures). Nothing is counted
/// when the lock directory fails the shim's checks (a symlink, another user's, open to others).
void count_write_failure(const AuditConfig& config);

/// How many appends failed (the size of failures_dir/audit-failures; 0 when it is missing).
std::uint64_t write_failures(const AuditConfig& config);

/// The name of the k-th rotated file: PATH.k.
std::string rotated_audit_path(const std::string& path, int index);

/// The audit files, oldest first: PATH.keep … PATH.1, PATH (those that exist).
std::vector<std::string> audit_files(const AuditConfig& config);

} // namespace sd::record
