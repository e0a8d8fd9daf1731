#include "record/audit_record.hpp"

#include "record/logging.hpp"
#include "record/stats.hpp"
#include "util/json_writer.hpp"
#include "util/process_identity.hpp"
#include "util/utf8.hpp"
#include "util/version.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace sd::record {

namespace {

// Strings are made valid UTF-8 first: invalid bytes become \xNN.
void
clean(util::JsonWriter& out, const std::string& text)
{
  out.value(util::escape_invalid_utf8(text));
}

void
clean_or_null(util::JsonWriter& out, const std::string& text)
{
  text.empty() ? out.null() : out.value(util::escape_invalid_utf8(text));
}

void
clean_list(util::JsonWriter& out, const std::vector<std::string>& words)
{
  out.begin_array();
  for (const auto& word : words) {
    clean(out, word);
  }
  out.end_array();
}

void
clean_or_null(util::JsonWriter& out, const std::optional<std::string>& text)
{
  text ? clean(out, *text) : (void)out.null();
}

template<typename T>
void
number_or_null(util::JsonWriter& out, const std::optional<T>& number)
{
  number ? out.value(*number) : out.null();
}

} // namespace

RecordContext
gather_context()
{
  RecordContext context;
  context.host = util::host_name();
  context.uid = util::own_uid();
  context.user = util::user_name(context.uid);
  context.pid = static_cast<int>(util::own_pid());
  context.ppid = static_cast<int>(util::parent_pid());
  context.cwd = util::current_directory();
  if (const char* session = std::getenv("SAFEDOCKER_SESSION"); session != nullptr) {
    context.session = session;
  }
  return context;
}

void
set_outcome(AuditRecord& record, Outcome outcome)
{
  const auto& row = outcome_row(outcome);
  record.decision = row.decision;
  record.refusal = row.refusal;
}

std::string
format_record(const AuditRecord& record, const RecordContext& context)
{
  util::JsonWriter out;
  out.begin_object();
  out.key("v").value(k_audit_format_version); // "v" and "time" first
  out.key("time").value(format_time(record.time.value_or(std::chrono::system_clock::now())));
  out.key("event").value(record.event);
  clean(out.key("host"), context.host);
  clean(out.key("user"), context.user);
  out.key("uid").value(context.uid);
  out.key("pid").value(context.pid);
  out.key("ppid").value(context.ppid);
  clean_or_null(out.key("cwd"), context.cwd);
  clean_or_null(out.key("session"), context.session);
  out.key("version").value(k_version);
  if (!record.argv.empty()) {
    clean_list(out.key("argv"), record.argv);
  }
  if (!record.command.empty()) {
    clean(out.key("command"), record.command);
  }
  if (!record.decision.empty()) {
    out.key("decision").value(record.decision);
  }
  if (!record.refusal.empty()) {
    out.key("refusal").value(record.refusal);
  }
  clean_or_null(out.key("rule"), record.rule);
  if (!record.daemon.empty()) {
    clean(out.key("daemon"), record.daemon);
  }
  if (record.coordination) {
    const auto& c = *record.coordination;
    out.key("coordination").begin_object();
    out.key("backend").value("redis");
    clean(out.key("fleet_daemon"), c.fleet_daemon);
    out.key("degraded").value(c.degraded);
    if (c.ticket != 0) {
      out.key("ticket").value(static_cast<long long>(c.ticket));
    }
    out.end_object();
  }
  if (!record.rewritten.empty()) {
    out.key("rewritten").begin_array();
    for (const auto& step : record.rewritten) {
      clean_list(out, step);
    }
    out.end_array();
  }
  if (record.event == "invocation") {
    out.key("slot_wait_ms").value(record.slot_wait_ms);
    out.key("retries").value(record.retries);
    number_or_null(out.key("exit"), record.exit_code);
    number_or_null(out.key("duration_ms"), record.duration_ms);
  } else if (record.exit_code) {
    out.key("exit").value(*record.exit_code);
  }
  if (record.api) {
    const auto& api = *record.api;
    out.key("channel").value("api");
    clean(out.key("method"), api.method);
    clean(out.key("path"), api.path);
    number_or_null(out.key("status"), api.status);
    out.key("caller").begin_object();
    number_or_null(out.key("pid"), api.peer_pid);
    number_or_null(out.key("uid"), api.peer_uid);
    clean_or_null(out.key("exe"), api.peer_exe);
    clean_or_null(out.key("user_agent"), api.user_agent);
    out.end_object();
  }
  if (record.cleanup) {
    out.key("removed").value(static_cast<long long>(record.cleanup->removed));
    out.key("failed").value(static_cast<long long>(record.cleanup->failed));
    out.key("reclaimed_bytes").value(static_cast<long long>(record.cleanup->reclaimed_bytes));
    out.key("dry_run").value(record.cleanup->dry_run);
  }
  if (!record.message.empty()) {
    clean(out.key("message"), record.message);
  }
  out.end_object();
  return out.take();
}

AuditTrail::AuditTrail(AuditConfig config)
  : m_config(std::move(config))
{}

void
AuditTrail::prepare()
{
  if (m_config.enabled && !m_context) {
    m_context = gather_context();
  }
}

bool
AuditTrail::write_event(const AuditRecord& call, std::string event, std::string message)
{
  AuditRecord entry;
  entry.event = std::move(event);
  entry.argv = call.argv;
  entry.command = call.command;
  entry.daemon = call.daemon;
  entry.message = std::move(message);
  return write(entry);
}

bool
AuditTrail::write(const AuditRecord& record)
{
  if (!m_config.enabled) {
    return true;
  }
  prepare();
  return report(m_log.append(m_config, format_record(record, *m_context)));
}

bool
AuditTrail::write_all(const std::vector<AuditRecord>& records)
{
  if (!m_config.enabled || records.empty()) {
    return true;
  }
  prepare();
  std::string lines;
  for (const auto& record : records) {
    if (!lines.empty()) {
      lines += '\n';
    }
    lines += format_record(record, *m_context);
  }
  return report(m_log.append(m_config, lines));
}

bool
AuditTrail::report(const std::optional<std::string>& error)
{
  if (!error) {
    return true;
  }
  count_write_failure(m_config);
  if (!m_warned) {
    m_warned = true;
    log::warn(*error
              + (m_config.required ? "; audit.required is set, so the call is refused"
                                   : "; the call runs unrecorded (audit.required = true would refuse it)"));
  }
  return false;
}

} // namespace sd::record
