#include "admission/breaker_record.hpp"

#include "util/bad_enum.hpp"

#include "admission/state_dir.hpp"

#include <nlohmann/json.hpp>

namespace sd::admission {

namespace {

constexpr std::string_view k_format = "safedocker-breaker";

std::optional<BreakerState>
state_from_name(std::string_view name)
{
  for (const auto state : {BreakerState::closed, BreakerState::open, BreakerState::half_open}) {
    if (breaker_state_name(state) == name) {
      return state;
    }
  }
  return std::nullopt;
}

bool
read_int(const nlohmann::json& object, const char* key, std::int64_t& out)
{
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) {
    return false;
  }
  out = it->get<std::int64_t>();
  return true;
}

bool
read_text(const nlohmann::json& object, const char* key, std::string& out)
{
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return false;
  }
  out = it->get<std::string>();
  return true;
}

std::string
dump(const BreakerRecord& record)
{
  // Ordered: the format and version lead the line, for a human reading the file.
  const nlohmann::ordered_json object = {
    {"format", k_format},
    {"v", k_breaker_format_version},
    {"state", breaker_state_name(record.state)},
    {"failures", record.failures},
    {"opened_at_ms", record.opened_at_ms},
    {"reason", record.reason},
    {"prober_pid", record.prober_pid},
    {"probe_deadline_ms", record.probe_deadline_ms},
    {"reset_by", record.reset_by},
    {"reset_at_ms", record.reset_at_ms},
    {"changed_at_ms", record.changed_at_ms},
  };
  return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace

std::string_view
breaker_state_name(BreakerState state)
{
  switch (state) {
  case BreakerState::closed:
    return "closed";
  case BreakerState::open:
    return "open";
  case BreakerState::half_open:
    return "half-open";
  }
  util::bad_enum("BreakerState", static_cast<long long>(state));
}

std::string
encode_breaker_record(const BreakerRecord& record)
{
  BreakerRecord fitted = record;
  auto text = dump(fitted);
  // Texts come from docker's stderr and the user: shorten them until the record fits.
  while (text.size() >= k_record_bytes && (!fitted.reason.empty() || !fitted.reset_by.empty())) {
    fitted.reason.resize(fitted.reason.size() / 2);
    fitted.reset_by.resize(fitted.reset_by.size() / 2);
    text = dump(fitted);
  }
  return text;
}

std::optional<BreakerRecord>
decode_breaker_record(std::string_view text)
{
  const auto object = nlohmann::json::parse(text, nullptr, false);
  if (!object.is_object()) {
    return std::nullopt;
  }
  std::string format;
  std::int64_t version = 0;
  std::string state_name;
  if (!read_text(object, "format", format) || format != k_format || !read_int(object, "v", version)
      || version != k_breaker_format_version || !read_text(object, "state", state_name)) {
    return std::nullopt;
  }
  BreakerRecord record;
  const auto state = state_from_name(state_name);
  std::int64_t failures = 0;
  if (!state || !read_int(object, "failures", failures) || failures < 0 || failures > 1'000'000'000
      || !read_int(object, "opened_at_ms", record.opened_at_ms) || !read_text(object, "reason", record.reason)
      || !read_int(object, "prober_pid", record.prober_pid)
      || !read_int(object, "probe_deadline_ms", record.probe_deadline_ms)
      || !read_text(object, "reset_by", record.reset_by) || !read_int(object, "reset_at_ms", record.reset_at_ms)
      || !read_int(object, "changed_at_ms", record.changed_at_ms)) {
    return std::nullopt;
  }
  record.state = *state;
  record.failures = static_cast<int>(failures);
  return record;
}

} // namespace sd::admission
