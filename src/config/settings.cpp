#include "config/settings.hpp"

#include <algorithm>
#include <stdexcept>

namespace sd::config {

namespace {

using enum SettingType;

constexpr SettingSpec k_settings[] = {
  {"audit.enabled", boolean, "true", "SAFEDOCKER_AUDIT",
   "Whether every call is recorded in the audit log."},
  {"audit.keep", integer, "5", "",
   "How many rotated audit files (audit.jsonl.1 …) are kept."},
  {"audit.max_bytes", integer, "10485760", "SAFEDOCKER_AUDIT_MAX_BYTES",
   "Size at which the audit log is rotated."},
  {"audit.path", string, "", "SAFEDOCKER_AUDIT_PATH",
   "The audit log. Empty: $XDG_STATE_HOME/safedocker/audit.jsonl (~/.local/state/…)."},
  {"audit.required", boolean, "false", "",
   "true: a call that cannot be recorded does not run (fail closed). false: warn once and run."},
  {"audit.secret_keys", string, "PASSWORD,PASSWD,SECRET,TOKEN,KEY,CREDENTIAL,AUTH,PRIVATE", "",
   "Comma-separated words: -e/--env and --build-arg values whose key contains one are redacted."},
  {"docker.compose_path", string, "", "SAFEDOCKER_REAL_DOCKER_COMPOSE",
   "The real docker-compose binary, for the docker-compose shim. Empty: search PATH."},
  {"docker.path", string, "", "SAFEDOCKER_REAL_DOCKER",
   "The real docker binary. Empty: search PATH, skipping every entry that is safedocker itself."},
  {"policy.allow_bypass", boolean, "false", "",
   "Whether SAFEDOCKER_BYPASS=1 may let a blocked call run (it is always reported)."},
};

static_assert(std::size(k_settings) == 9);

} // namespace

std::span<const SettingSpec>
setting_specs()
{
  return k_settings;
}

const SettingSpec*
find_setting(std::string_view key)
{
  const auto it = std::find_if(std::begin(k_settings), std::end(k_settings), [key](const auto& s) {
    return s.key == key;
  });
  return it != std::end(k_settings) ? &*it : nullptr;
}

Settings::Settings()
{
  for (const auto& spec : k_settings) {
    m_values.emplace(std::string(spec.key), SettingValue{std::string(spec.default_value), "default"});
  }
}

void
Settings::set(std::string_view key, std::string value, std::string origin)
{
  const auto it = m_values.find(key);
  if (it == m_values.end()) {
    throw std::logic_error("unknown setting " + std::string(key));
  }
  it->second = {std::move(value), std::move(origin)};
}

const SettingValue&
Settings::get(std::string_view key) const
{
  const auto it = m_values.find(key);
  if (it == m_values.end()) {
    throw std::logic_error("unknown setting " + std::string(key));
  }
  return it->second;
}

std::int64_t
Settings::integer(std::string_view key) const
{
  return std::stoll(get(key).value);
}

} // namespace sd::config
