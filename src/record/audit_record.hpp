#pragma once

#include "record/audit_log.hpp"
#include "record/outcome.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sd::record {

/// A request through the API guard (channel "api"): what it asked and who sent it.
struct ApiRequest
{
  std::string method;
  std::string path;                  ///< the request target as sent
  std::optional<int> status;         ///< the HTTP status the client got
  std::optional<long long> peer_pid; ///< SO_PEERCRED of the client's connection
  std::optional<unsigned> peer_uid;
  std::string peer_exe; ///< the client's program, when it can be read
  std::string user_agent;
};

/// What one record says. The writer adds who, where and when: time (RFC 3339, ms, UTC), host,
/// user, uid, pid, ppid, cwd, session (SAFEDOCKER_SESSION), safedocker version and "v".
/// What a cleanup pass did (event "cleanup"), for the metrics.
struct CleanupTotals
{
  std::uint64_t removed = 0;
  std::uint64_t failed = 0;
  std::uint64_t reclaimed_bytes = 0;
  bool dry_run = false;
};

/// How a call was admitted by a fleet of hosts sharing Redis (coordination.backend = redis).
struct CallCoordination
{
  std::string fleet_daemon; ///< the daemon's name in Redis
  bool degraded = false;    ///< Redis could not be used: this host's own fallback slots, or refused
  std::uint64_t ticket = 0; ///< its place in the fleet's queue, when it queued
};

struct AuditRecord
{
  std::string event = "invocation"; ///< invocation, start, bypass, zero, … (see the manual, "Audit log")
  std::vector<std::string> argv;    ///< program first, secrets redacted
  std::string command;              ///< canonical command path
  std::string decision;             ///< allow, warn, block, rewrite, bypass, refused (record/outcome.hpp)
  std::string refusal;              ///< for decision refused: why (slot_timeout, breaker_open, …)
  std::string rule;                 ///< matched rule id, or empty
  std::string daemon;               ///< the daemon key of a daemon-bound call, or empty
  std::vector<std::vector<std::string>> rewritten; ///< the steps run instead, for a rewrite
  std::optional<int> exit_code;                    ///< docker's status, or safedocker's own
  std::optional<double> duration_ms;
  double slot_wait_ms = 0;
  int retries = 0;
  std::string message;                          ///< free text for events
  std::optional<ApiRequest> api;                ///< set for a request through the API guard
  std::optional<CallCoordination> coordination; ///< set when coordination.backend is redis
  std::optional<CleanupTotals> cleanup;         ///< set for a cleanup pass
  /// When it happened, for a record written later (the API guard's queue); else when written.
  std::optional<std::chrono::system_clock::time_point> time;
};

/// Sets the record's decision and refusal from the outcome table.
void set_outcome(AuditRecord& record, Outcome outcome);

/// Who and where: the same for every record of one process.
struct RecordContext
{
  std::string host;
  std::string user;
  unsigned uid = 0;
  int pid = 0;
  int ppid = 0;
  std::optional<std::string> cwd;
  std::optional<std::string> session;
};

/// Reads the context (hostname, /etc/passwd, cwd, …): a dozen system calls.
RecordContext gather_context();

/// The record as one JSON line (no newline). Strings are made valid UTF-8 first (invalid bytes
/// become `\xNN`), then JSON-escaped, so no argument can forge or break a line.
std::string format_record(const AuditRecord& record, const RecordContext& context);

/// Writes records for one process. Failures are reported once per process on stderr;
/// `write` returns false on failure so that audit.required can refuse the call.
class AuditTrail
{
public:
  explicit AuditTrail(AuditConfig config);

  /// Gathers the record context now. Called while docker runs, so the call does not wait for it.
  void prepare();
  bool write(const AuditRecord& record);
  /// Writes `records` with one append (whole lines, in order). Returns false on failure.
  bool write_all(const std::vector<AuditRecord>& records);
  /// Writes an `event` record (breaker_open, retry, …) about `call`: its argv and command.
  bool write_event(const AuditRecord& call, std::string event, std::string message);
  const AuditConfig& config() const { return m_config; }

private:
  bool report(const std::optional<std::string>& error);

  AuditConfig m_config;
  OpenAuditLog m_log; // a process that writes several records opens the log once
  std::optional<RecordContext> m_context;
  bool m_warned = false;
};

} // namespace sd::record
