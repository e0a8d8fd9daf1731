#include "config/setting_checks.hpp"
#include "config/settings.hpp"
#include "policy/rules_file.hpp"
#include "policy/rules_places.hpp"
#include "util/environment.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"
#include "util/file_reading.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace sd;
using config::CheckKind;

namespace {

// One bad value per key: as written in a rules file (TOML), and as an environment variable
// would hold it. Each is of the key's own TOML type where one can be bad (only booleans are
// bad by type alone), so that the key's check is what refuses it.
struct BadValue
{
  std::string_view key;
  std::string_view toml;
  std::string_view env;
};

constexpr BadValue k_bad_values[] = {
  {"audit.enabled", "\"yes\"", "maybe"},
  {"audit.keep", "1001", "-1"},
  {"audit.max_bytes", "1024", "1099511627777"},
  {"audit.path", "\"audit.jsonl\"", "logs/audit.jsonl"},
  {"audit.required", "1", "sometimes"},
  {"audit.secret_keys", "\" , \"", ","},
  {"breaker.enabled", "\"on\"", "enabled"},
  {"breaker.failure_threshold", "0", "1001"},
  {"breaker.open_seconds", "86401", "-1"},
  {"cleanup.check_interval", "\"0s\"", "5 minutes"},
  {"cleanup.command", "\"'/usr/bin/cleanup --json\"", "   "},
  {"cleanup.days", "\"Mon-Fry\"", "weekdays"},
  {"cleanup.hours", "\"9-18\"", "09:00-09:00"},
  {"cleanup.image_min_age", "\"1y\"", "0h"},
  {"cleanup.interval", "\"soon\"", "2"},
  {"cleanup.keep_names", "\"web-[0-9, db\"", "cache\\"},
  {"cleanup.max_build_cache_bytes", "-1", "1GB"},
  {"cleanup.max_disk_percent", "101", "-1"},
  {"cleanup.max_image_bytes", "-1", "lots"},
  {"cleanup.max_stopped_containers", "-1", "many"},
  {"cleanup.min_age", "\"24\"", "5x"},
  {"cleanup.remove_volumes", "\"always\"", "all"},
  {"cleanup.stop_grace", "3601", "-1"},
  {"cleanup.timezone", "\"Europe/Berlln\"", "../../etc/passwd"},
  {"coordination.backend", "\"etcd\"", "Redis"},
  {"coordination.connect_timeout_ms", "5", "60001"},
  {"coordination.daemon", "\"ci engine\"", "{engine}"},
  {"coordination.fallback_slots", "0", "1001"},
  {"coordination.host_id", "\"runner#1\"", "runner 1"},
  {"coordination.lease_ms", "999", "3600001"},
  {"coordination.on_unavailable", "\"wait\"", "fail"},
  {"coordination.password_file", "\"redis.pass\"", "secrets/redis.pass"},
  {"coordination.redis", "\"redis://:pw@10.0.0.1\"", "localhost:6379"},
  {"docker.compose_path", "\"docker-compose\"", "bin/docker-compose"},
  {"docker.path", "\"/usr/bin/\"", "docker"},
  {"limits.acquire_timeout", "-1", "86401"},
  {"limits.lock_dir", "\"locks\"", "tmp/locks"},
  {"limits.max_concurrent", "-5", "-5"},
  {"limits.api_acquire_timeout", "86401", "-1"},
  {"limits.min_interval_ms", "3600001", "-1"},
  {"limits.notice_after", "\"2\"", "soon"},
  {"limits.shared", "\"true\"", "yes please"},
  {"limits.slot_classes", "\"deamon\"", "client,,daemon"},
  {"policy.allow_bypass", "\"false\"", "nope"},
  {"policy.locked", "0", "locked"},
  {"probe.timeout_ms", "49", "60001"},
  {"retry.base_ms", "600001", "-1"},
  {"retry.cap_ms", "3600001", "-1"},
  {"retry.max_attempts", "0", "21"},
  {"retry.patterns", "\"\"", ", ,"},
};

const BadValue*
bad_value_of(std::string_view key)
{
  const auto it = std::find_if(std::begin(k_bad_values), std::end(k_bad_values),
                               [key](const BadValue& row) { return row.key == key; });
  return it != std::end(k_bad_values) ? &*it : nullptr;
}

// "[section]\nname = VALUE\n": the value stands on line 2, column len(name) + 4.
std::string
rules_setting(std::string_view key, std::string_view value)
{
  const auto dot = key.find('.');
  return "[" + std::string(key.substr(0, dot)) + "]\n" + std::string(key.substr(dot + 1)) + " = " + std::string(value)
         + "\n";
}

std::string
place_of(std::string_view key)
{
  return "rules.toml:2:" + std::to_string(key.size() - key.find('.') - 1 + 4) + ": ";
}

// An environment variable set for the scope of a test, restored after.
class ScopedEnv
{
public:
  /// Sets `name` to `value`, or unsets it for nullopt.
  ScopedEnv(std::string name, const std::optional<std::string>& value)
    : m_name(std::move(name))
  {
    if (const char* old = std::getenv(m_name.c_str())) {
      m_old = old;
    }
    if (value) {
      util::set_environment(m_name, *value);
    } else {
      util::unset_environment(m_name);
    }
  }
  ~ScopedEnv()
  {
    if (m_old) {
      util::set_environment(m_name, *m_old);
    } else {
      util::unset_environment(m_name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  std::string m_name;
  std::optional<std::string> m_old;
};

// An absolute path on this platform: Windows wants a drive before it.
std::string
absolute(std::string_view posix_path)
{
#ifdef _WIN32
  return "C:" + std::string(posix_path);
#else
  return std::string(posix_path);
#endif
}

bool
system_rules_exist()
{
  return util::path_exists(policy::system_rules_path());
}

} // namespace

TEST_CASE("settings: every key has a check its own type can hold, and its default passes it")
{
  for (const auto& spec : config::setting_specs()) {
    INFO(spec.key);
    CHECK((spec.type == config::SettingType::boolean) == (spec.check.kind == CheckKind::boolean));
    CHECK((spec.type == config::SettingType::integer) == (spec.check.kind == CheckKind::range));
    if (spec.check.kind == CheckKind::range) {
      CHECK(spec.check.min <= spec.check.max);
    }
    const auto problem = config::check_value(spec.check, spec.default_value);
    CHECK_MESSAGE(!problem, problem.value_or(""));
  }
}

TEST_CASE("settings: a bad value of every key in a rules file is refused as FILE:LINE:COL: key = value: …")
{
  for (const auto& spec : config::setting_specs()) {
    INFO(spec.key);
    const auto* bad = bad_value_of(spec.key);
    CHECK_MESSAGE(bad != nullptr, "add a bad value of the new key to k_bad_values");
    if (bad == nullptr) {
      continue;
    }
    const auto reading = policy::read_rules(rules_setting(spec.key, bad->toml), "rules.toml");
    CHECK_MESSAGE(reading.problems.size() == 1, "the bad value ", bad->toml, " passed (or was not the one problem)");
    if (reading.problems.size() != 1) {
      continue; // the next keys are still checked: every broken check is named
    }
    const auto& problem = reading.problems.front();
    CHECK(problem.starts_with(place_of(spec.key) + std::string(spec.key) + " = " + std::string(bad->toml) + ": "));
    CHECK(problem.size() > place_of(spec.key).size() + spec.key.size() + bad->toml.size() + 5); // says what is wrong
    CHECK(reading.rules.settings.get(spec.key).origin == "default"); // never set, never clamped
    try {
      policy::parse_rules(rules_setting(spec.key, bad->toml), "rules.toml");
      FAIL("parse_rules accepted a bad value");
    } catch (const Fatal& error) {
      CHECK(error.exit_code() == exit_code::k_bad_rules);
      CHECK(std::string(error.what()) == problem);
    }
  }
  CHECK(std::size(k_bad_values) == config::setting_specs().size()); // no row for a removed key
}

TEST_CASE("settings: the examples of the brief are refused with their one-line error")
{
  const auto classes = policy::read_rules("version = 1\n[limits]\nslot_classes = \"deamon\"\n", "rules.toml");
  REQUIRE(classes.problems.size() == 1);
  CHECK(classes.problems[0]
        == "rules.toml:3:16: limits.slot_classes = \"deamon\": unknown class 'deamon'; write client, streaming, "
           "interactive or daemon");
  const auto days = policy::read_rules("[cleanup]\ndays = \"Mon-Fry\"\n", "rules.toml");
  REQUIRE(days.problems.size() == 1);
  CHECK(days.problems[0]
        == "rules.toml:2:8: cleanup.days = \"Mon-Fry\": unknown day 'Fry'; write days as Mon,Tue,… or ranges such as "
           "Mon-Fri");
  const auto number = policy::read_rules("[limits]\nmax_concurrent = -5\n", "rules.toml");
  REQUIRE(number.problems.size() == 1);
  CHECK(number.problems[0] == "rules.toml:2:18: limits.max_concurrent = -5: must be from 1 to 1000");
}

TEST_CASE("settings: good values pass, and each range holds its bounds and nothing beyond")
{
  const std::pair<std::string, std::string> good[] = {
    {"limits.slot_classes", "client, streaming,interactive,daemon"},
    {"limits.slot_classes", "daemon"},
    {"cleanup.days", "Fri-Mon"},
    {"cleanup.days", "sat,SUN"},
    {"cleanup.hours", "22:00-06:00"},
    {"cleanup.hours", "23:00-00:00"},
    {"cleanup.hours", "00:00-24:00"},
    {"cleanup.timezone", "UTC"},
    {"cleanup.timezone", ""},
    {"cleanup.keep_names", "web-[0-9]*, db-?, [!x]y, []a], \\[literal, [[:alpha:]]*"},
    {"cleanup.keep_names", ""},
    {"cleanup.interval", "1w"},
    {"cleanup.min_age", "90s"},
    {"cleanup.remove_volumes", "sessions"},
    {"cleanup.command", "'/opt/my cleanup' --json \"a b\""},
    {"cleanup.command", ""},
    {"audit.path", absolute("/var/log/safedocker/audit.jsonl")},
    {"audit.path", ""},
    {"limits.lock_dir", absolute("/run/safedocker/")},
    {"docker.path", absolute("/usr/bin/docker")},
    {"retry.patterns", "i/o timeout"},
    {"audit.secret_keys", "TOKEN"},
  };
  for (const auto& entry : good) {
    // Named copies, not a structured binding: clang 14 cannot capture those in INFO's lambda.
    const auto& key = entry.first;
    const auto& value = entry.second;
    INFO(key, " = ", value);
    const auto problem = config::check_value(config::find_setting(key)->check, value);
    CHECK_MESSAGE(!problem, problem.value_or(""));
  }
  for (const auto& spec : config::setting_specs()) {
    if (spec.check.kind != CheckKind::range) {
      continue;
    }
    INFO(spec.key);
    CHECK_FALSE(config::check_value(spec.check, std::to_string(spec.check.min)));
    CHECK_FALSE(config::check_value(spec.check, std::to_string(spec.check.max)));
    CHECK(config::check_value(spec.check, std::to_string(spec.check.min - 1)));
    if (spec.check.max != config::k_no_limit) {
      CHECK(config::check_value(spec.check, std::to_string(spec.check.max + 1)));
    }
    CHECK(config::check_value(spec.check, "3.5"));
    CHECK(config::check_value(spec.check, ""));
  }
  CHECK(config::check_value(config::find_setting("cleanup.timezone")->check, "/etc/localtime"));
}

TEST_CASE("settings: a value of the wrong TOML type says what it must be")
{
  const auto reading = policy::read_rules(
    "[limits]\nmax_concurrent = \"3\"\nslot_classes = [\"daemon\"]\n[policy]\nallow_bypass = \"yes\"\n", "r.toml");
  REQUIRE(reading.problems.size() == 3);
  CHECK(reading.problems[0]
        == "r.toml:2:18: limits.max_concurrent = \"3\": must be a whole number (no quotes), 1 to 1000");
  CHECK(reading.problems[1].starts_with("r.toml:3:16: limits.slot_classes = [ … ]: must be a string in quotes, "));
  CHECK(reading.problems[2] == "r.toml:5:16: policy.allow_bypass = \"yes\": must be true or false (no quotes)");
}

TEST_CASE("settings: guard rules check's reading collects every problem in file order; a call sees the first")
{
  const std::string text = "version = 1\n"
                           "[limits]\n"
                           "slot_classes = \"deamon\"\n"
                           "max_concurrent = -5\n"
                           "[cleanup]\n"
                           "days = \"Mon-Fry\"\n"
                           "colour = \"red\"\n"
                           "[[rule]]\n"
                           "id = \"a\"\n"
                           "commands = [\"container rmm\"]\n"
                           "[[rule]]\n"
                           "id = \"b\"\n"
                           "commands = [\"*\"]\n";
  const auto reading = policy::read_rules(text, "rules.toml");
  REQUIRE(reading.problems.size() == 5);
  CHECK(reading.problems[0].starts_with("rules.toml:3:16: limits.slot_classes = \"deamon\": unknown class 'deamon'"));
  CHECK(reading.problems[1].starts_with("rules.toml:4:18: limits.max_concurrent = -5: must be from 1 to 1000"));
  CHECK(reading.problems[2].starts_with("rules.toml:6:8: cleanup.days = \"Mon-Fry\": unknown day 'Fry'"));
  CHECK(reading.problems[3].starts_with("rules.toml:7:10: unknown setting 'cleanup.colour'"));
  CHECK(reading.problems[4].starts_with("rules.toml:10:12: unknown command path \"container rmm\""));
  REQUIRE(reading.rules.rules.size() == 1); // the good rule is still read
  CHECK(reading.rules.rules[0].id == "b");
  try {
    policy::parse_rules(text, "rules.toml");
    FAIL("parse_rules accepted bad rules");
  } catch (const Fatal& error) {
    CHECK(error.exit_code() == exit_code::k_bad_rules);
    CHECK(std::string(error.what()) == reading.problems[0] + " (and 4 more: safedocker guard rules check lists them)");
  }
}

TEST_CASE("settings: a bad environment value names the variable and the key; nothing runs")
{
  if (system_rules_exist()) {
    MESSAGE("skipped: ", policy::system_rules_path(), " exists and decides what the environment may set");
    return;
  }
  {
    std::ofstream("env-rules.toml") << "version = 1\n";
  }
  const ScopedEnv rules("SAFEDOCKER_RULES", "env-rules.toml");
  std::vector<std::unique_ptr<ScopedEnv>> unset; // the settings' variables of the caller
  for (const auto& spec : config::setting_specs()) {
    if (!spec.env.empty()) {
      unset.push_back(std::make_unique<ScopedEnv>(std::string(spec.env), std::nullopt));
    }
  }
  for (const auto& spec : config::setting_specs()) {
    if (spec.env.empty()) {
      continue;
    }
    INFO(spec.env);
    const auto* bad = bad_value_of(spec.key);
    if (bad == nullptr) {
      continue; // reported by the rules file test
    }
    const ScopedEnv variable(std::string(spec.env), std::string(bad->env));
    std::vector<std::string> problems;
    const auto loaded = policy::load_rules(problems);
    CHECK_MESSAGE(problems.size() == 1, "the bad value ", bad->env, " passed (or was not the one problem)");
    if (problems.size() != 1) {
      continue;
    }
    const auto want = std::string(spec.env) + "=" + std::string(bad->env) + ": " + std::string(spec.key);
    CHECK(problems[0].starts_with(want));
    CHECK(problems[0].ends_with("; nothing was run"));
    CHECK(loaded.settings.get(spec.key).origin == "default");
    try {
      policy::load_rules();
      FAIL("load_rules accepted a bad environment value");
    } catch (const Fatal& error) {
      CHECK(error.exit_code() == exit_code::k_bad_rules);
      CHECK(std::string(error.what()) == problems[0]);
    }
  }
  {
    const ScopedEnv variable("SAFEDOCKER_MAX_CONCURRENT", "-5");
    std::vector<std::string> problems;
    policy::load_rules(problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "SAFEDOCKER_MAX_CONCURRENT=-5: limits.max_concurrent must be from 1 to 1000; nothing was run");
  }
  {
    const ScopedEnv a("SAFEDOCKER_MAX_CONCURRENT", "007");
    const ScopedEnv b("SAFEDOCKER_BREAKER", "0");
    const auto loaded = policy::load_rules();
    CHECK(loaded.settings.text("limits.max_concurrent") == "7");
    CHECK(loaded.settings.text("breaker.enabled") == "false");
  }
}
