#include "record/audit_record.hpp"

#include "record/logging.hpp"
#include "record/stats.hpp"
#include "util/utf8.hpp"
#include "util/version.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>

namespace sd::record {

namespace {

// The user's name from /etc/passwd (a static binary has no NSS), else $USER. Plain read():
// iostreams would initialise locales on every docker call.
std::string
user_name(uid_t uid)
{
  std::string passwd;
  if (const int fd = ::open("/etc/passwd", O_RDONLY | O_CLOEXEC); fd >= 0) {
    char buffer[8192];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
      passwd.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
  }
  const std::string wanted = ":" + std::to_string(uid) + ":";
  for (std::size_t start = 0; start < passwd.size();) {
    auto end = passwd.find('\n', start);
    end = end == std::string::npos ? passwd.size() : end;
    const auto line = std::string_view(passwd).substr(start, end - start);
    const auto first = line.find(':');
    const auto second = line.find(':', first + 1);
    if (second != std::string_view::npos && line.substr(second).starts_with(wanted)) {
      return std::string(line.substr(0, first));
    }
    start = end + 1;
  }
  const char* env = std::getenv("USER");
  return env != nullptr ? env : "";
}

using Json = nlohmann::ordered_json; // keys in the order written: "v" and "time" first

Json
clean(const std::string& text)
{
  return util::escape_invalid_utf8(text);
}

Json
clean_list(const std::vector<std::string>& words)
{
  auto out = Json::array();
  for (const auto& word : words) {
    out.push_back(clean(word));
  }
  return out;
}

} // namespace

RecordContext
gather_context()
{
  RecordContext context;
  char host[HOST_NAME_MAX + 1] = {};
  ::gethostname(host, sizeof host - 1);
  context.host = host;
  context.uid = ::getuid();
  context.user = user_name(context.uid);
  context.pid = ::getpid();
  context.ppid = ::getppid();
  char cwd[PATH_MAX] = {};
  if (::getcwd(cwd, sizeof cwd) != nullptr) {
    context.cwd = cwd;
  }
  if (const char* session = std::getenv("SAFEDOCKER_SESSION"); session != nullptr) {
    context.session = session;
  }
  return context;
}

std::string
format_record(const AuditRecord& record, const RecordContext& context)
{
  Json out = {
    {"v", k_audit_format_version},
    {"time", format_time(std::chrono::system_clock::now())},
    {"event", record.event},
    {"host", clean(context.host)},
    {"user", clean(context.user)},
    {"uid", context.uid},
    {"pid", context.pid},
    {"ppid", context.ppid},
    {"cwd", context.cwd ? clean(*context.cwd) : Json()},
    {"session", context.session ? clean(*context.session) : Json()},
    {"version", k_version},
  };
  if (!record.argv.empty()) {
    out["argv"] = clean_list(record.argv);
  }
  if (!record.command.empty()) {
    out["command"] = clean(record.command);
  }
  if (!record.decision.empty()) {
    out["decision"] = record.decision;
  }
  out["rule"] = record.rule.empty() ? Json() : clean(record.rule);
  if (!record.daemon.empty()) {
    out["daemon"] = clean(record.daemon);
  }
  if (!record.rewritten.empty()) {
    auto steps = Json::array();
    for (const auto& step : record.rewritten) {
      steps.push_back(clean_list(step));
    }
    out["rewritten"] = steps;
  }
  if (record.event == "invocation") {
    out["slot_wait_ms"] = record.slot_wait_ms;
    out["retries"] = record.retries;
    out["exit"] = record.exit_code ? Json(*record.exit_code) : Json();
    out["duration_ms"] = record.duration_ms ? Json(*record.duration_ms) : Json();
  } else if (record.exit_code) {
    out["exit"] = *record.exit_code;
  }
  if (record.api) {
    const auto& api = *record.api;
    out["channel"] = "api";
    out["method"] = clean(api.method);
    out["path"] = clean(api.path);
    out["status"] = api.status ? Json(*api.status) : Json();
    out["caller"] = {{"pid", api.peer_pid ? Json(*api.peer_pid) : Json()},
                     {"uid", api.peer_uid ? Json(*api.peer_uid) : Json()},
                     {"exe", api.peer_exe.empty() ? Json() : Json(clean(api.peer_exe))},
                     {"user_agent", api.user_agent.empty() ? Json() : Json(clean(api.user_agent))}};
  }
  if (!record.message.empty()) {
    out["message"] = clean(record.message);
  }
  return out.dump();
}

AuditTrail::AuditTrail(AuditConfig config)
  : m_config(std::move(config))
{
}

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
  const auto error = m_log.append(m_config, format_record(record, *m_context));
  if (!error) {
    return true;
  }
  if (!m_warned) {
    m_warned = true;
    log::warn(*error + (m_config.required ? "; audit.required is set, so the call is refused"
                                          : "; the call runs unrecorded (audit.required = true would refuse it)"));
  }
  return false;
}

} // namespace sd::record
