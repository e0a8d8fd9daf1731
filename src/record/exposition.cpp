#include "record/exposition.hpp"

#include "util/utf8.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace sd::record {

namespace {

enum class Kind : std::uint8_t { counter, gauge, histogram };

struct Family
{
  const char* name; ///< without _total; with the unit as its last word
  Kind kind;
  const char* unit; ///< OpenMetrics' # UNIT, or empty
  const char* help;
};

// Every family, in the order they are written (the manual's "Metrics" lists the same).
enum FamilyId : std::uint8_t {
  calls,
  blocked_calls,
  retries,
  slot_wait,
  call_duration,
  breaker_opens,
  breaker_closes,
  breaker_state,
  slots_in_use,
  slot_waiters,
  slots_limit,
  cleanup_passes,
  cleanup_removed,
  cleanup_reclaimed,
  audit_write_failures,
  audit_torn_lines,
};

constexpr Family k_families[] = {
  {"safedocker_calls", Kind::counter, "",
   "Docker calls (channel cli) and Engine API requests (channel api), by decision and rule"},
  {"safedocker_blocked_calls", Kind::counter, "", "Calls and requests a rule blocked, by rule"},
  {"safedocker_retries", Kind::counter, "", "Retries of calls whose daemon could not be reached"},
  {"safedocker_slot_wait_seconds", Kind::histogram, "seconds", "Time calls waited for a slot of their daemon"},
  {"safedocker_call_duration_seconds", Kind::histogram, "seconds",
   "Time from a call's start to its end, slot wait included"},
  {"safedocker_breaker_opens", Kind::counter, "", "Times a daemon's circuit breaker opened"},
  {"safedocker_breaker_closes", Kind::counter, "",
   "Times a daemon's circuit breaker closed again (probe, success or guard reset)"},
  {"safedocker_breaker_state", Kind::gauge, "",
   "A daemon's circuit breaker now: 1 for the state it is in, 0 for the others"},
  {"safedocker_slots_in_use", Kind::gauge, "", "Slots of a daemon held now"},
  {"safedocker_slot_waiters", Kind::gauge, "", "Calls waiting now for a slot of a daemon"},
  {"safedocker_slots_limit", Kind::gauge, "", "Slots per daemon (limits.max_concurrent)"},
  {"safedocker_cleanup_passes", Kind::counter, "", "Cleanup passes that removed for real (dry runs not counted)"},
  {"safedocker_cleanup_removed_objects", Kind::counter, "",
   "Containers, images and other objects cleanup passes removed"},
  {"safedocker_cleanup_reclaimed_bytes", Kind::counter, "bytes", "Disk space cleanup passes reclaimed"},
  {"safedocker_audit_write_failures", Kind::counter, "",
   "Audit records that could not be written (a full disk, a refused log)"},
  {"safedocker_audit_torn_lines", Kind::counter, "",
   "Audit log lines that are not one record (fragments of cut-short writes)"},
};

// As admission::breaker_state_name writes them (guard health shows the same words).
constexpr const char* k_breaker_states[] = {"closed", "open", "half-open"};

using Labels = std::vector<std::pair<const char*, std::string>>;

std::string
number(double value)
{
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  if (std::isnan(value)) {
    return "NaN";
  }
  char text[64];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  return ec == std::errc() ? std::string(text, end) : "0";
}

class Writer
{
public:
  Writer(ExpositionFormat format, double created)
    : m_openmetrics(format == ExpositionFormat::openmetrics),
      m_created(number(created))
  {}

  void head(FamilyId id)
  {
    const auto& f = k_families[id];
    // Prometheus's text format names a counter with its _total; OpenMetrics names the family.
    const std::string name = std::string(f.name) + (f.kind == Kind::counter && !m_openmetrics ? "_total" : "");
    const char* type = f.kind == Kind::counter ? "counter" : f.kind == Kind::gauge ? "gauge" : "histogram";
    m_out += "# HELP " + name + " " + f.help + "\n";
    m_out += "# TYPE " + name + " " + type + "\n";
    if (m_openmetrics && *f.unit != '\0') {
      m_out += "# UNIT " + name + " " + f.unit + "\n";
    }
  }

  void counter(FamilyId id, const Labels& labels, std::uint64_t value)
  {
    sample(std::string(k_families[id].name) + "_total", labels, std::to_string(value));
    if (m_openmetrics) {
      sample(std::string(k_families[id].name) + "_created", labels, m_created);
    }
  }

  void gauge(FamilyId id, const Labels& labels, double value) { sample(k_families[id].name, labels, number(value)); }

  void histogram(FamilyId id, const Histogram& h)
  {
    const std::string name = k_families[id].name;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.buckets.size(); ++i) {
      cumulative += h.buckets[i];
      const double bound =
        i < k_seconds_buckets.size() ? k_seconds_buckets[i] : std::numeric_limits<double>::infinity();
      sample(name + "_bucket", {{"le", number(bound)}}, std::to_string(cumulative));
    }
    sample(name + "_count", {}, std::to_string(h.count));
    sample(name + "_sum", {}, number(h.sum));
    if (m_openmetrics) {
      sample(name + "_created", {}, m_created);
    }
  }

  std::string finish()
  {
    if (m_openmetrics) {
      m_out += "# EOF\n";
    }
    return std::move(m_out);
  }

private:
  void sample(const std::string& name, const Labels& labels, const std::string& value)
  {
    m_out += name;
    if (!labels.empty()) {
      m_out += '{';
      for (std::size_t i = 0; i < labels.size(); ++i) {
        m_out += (i == 0 ? "" : ",");
        m_out += labels[i].first;
        m_out += "=\"";
        for (const char c : util::escape_invalid_utf8(labels[i].second)) {
          if (c == '\\' || c == '"') {
            m_out += '\\';
            m_out += c;
          } else if (c == '\n') {
            m_out += "\\n";
          } else {
            m_out += c;
          }
        }
        m_out += '"';
      }
      m_out += '}';
    }
    m_out += ' ';
    m_out += value;
    m_out += '\n';
  }

  bool m_openmetrics;
  std::string m_created;
  std::string m_out;
};

} // namespace

const char*
exposition_content_type(ExpositionFormat format)
{
  return format == ExpositionFormat::openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                                 : "text/plain; version=0.0.4; charset=utf-8";
}

std::string
render_metrics(const MetricsSnapshot& snapshot, ExpositionFormat format)
{
  const auto& counts = snapshot.counts;
  Writer out(format, snapshot.created);

  out.head(calls);
  std::map<std::string, std::uint64_t> blocked;
  for (const auto& [key, n] : counts.calls) {
    const auto& [channel, decision, rule] = key;
    out.counter(calls, {{"channel", channel}, {"decision", decision}, {"rule", rule}}, n);
    if (decision == "block") {
      blocked[rule] += n;
    }
  }
  out.head(blocked_calls);
  for (const auto& [rule, n] : blocked) {
    out.counter(blocked_calls, {{"rule", rule}}, n);
  }
  out.head(retries);
  out.counter(retries, {}, counts.retries);
  out.head(slot_wait);
  out.histogram(slot_wait, counts.slot_wait);
  out.head(call_duration);
  out.histogram(call_duration, counts.duration);
  out.head(breaker_opens);
  for (const auto& [daemon, n] : counts.breaker_opens) {
    out.counter(breaker_opens, {{"daemon", daemon}}, n);
  }
  out.head(breaker_closes);
  for (const auto& [daemon, n] : counts.breaker_closes) {
    out.counter(breaker_closes, {{"daemon", daemon}}, n);
  }
  out.head(breaker_state);
  for (const auto& d : snapshot.daemons) {
    for (const auto* state : k_breaker_states) {
      out.gauge(breaker_state, {{"daemon", d.daemon}, {"state", state}}, d.breaker_state == state ? 1 : 0);
    }
  }
  out.head(slots_in_use);
  for (const auto& d : snapshot.daemons) {
    out.gauge(slots_in_use, {{"daemon", d.daemon}}, d.slots_in_use);
  }
  out.head(slot_waiters);
  for (const auto& d : snapshot.daemons) {
    out.gauge(slot_waiters, {{"daemon", d.daemon}}, d.waiters);
  }
  out.head(slots_limit);
  for (const auto& d : snapshot.daemons) {
    out.gauge(slots_limit, {{"daemon", d.daemon}}, d.slots_limit);
  }
  out.head(cleanup_passes);
  out.counter(cleanup_passes, {}, counts.cleanup_passes);
  out.head(cleanup_removed);
  out.counter(cleanup_removed, {}, counts.cleanup_removed);
  out.head(cleanup_reclaimed);
  out.counter(cleanup_reclaimed, {}, counts.cleanup_reclaimed_bytes);
  out.head(audit_write_failures);
  out.counter(audit_write_failures, {}, snapshot.audit_write_failures);
  out.head(audit_torn_lines);
  out.counter(audit_torn_lines, {}, counts.torn_lines);
  return out.finish();
}

} // namespace sd::record
