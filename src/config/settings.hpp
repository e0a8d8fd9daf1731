#pragma once

#include "config/setting_checks.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// THE key table: every setting of the rules file, with its type, default, environment variable
// documentation and check. Lookup, validation and `guard rules show` all come from it.

namespace sd::config {

enum class SettingType : std::uint8_t { boolean, integer, string };

/// Whether a setting's environment variable still counts when the system rules set
/// policy.locked: ignored for every variable that could redirect or weaken the guard.
enum class WhenLocked : std::uint8_t { ignored, honoured };

struct SettingSpec
{
  std::string_view key; ///< "section.name" as written in the rules file
  SettingType type;
  std::string_view default_value; ///< as text
  std::string_view env;           ///< environment variable that overrides it, or ""
  std::string_view doc;           ///< one line; names the allowed values where they are not obvious
  SettingCheck check;             ///< what a value set in a file or the environment must be (no default:
                                  ///< a key without one does not compile)
  WhenLocked env_when_locked = WhenLocked::ignored;
};

/// The table, sorted by key.
std::span<const SettingSpec> setting_specs();
/// The spec of `key`, or nullptr.
const SettingSpec* find_setting(std::string_view key);

/// Where a setting's value came from.
struct SettingValue
{
  std::string value;
  std::string origin; ///< "default", "FILE:LINE" or "environment (NAME)"
};

/// Setting values in force, starting from the table's defaults.
class Settings
{
public:
  Settings();

  void set(std::string_view key, std::string value, std::string origin);
  const SettingValue& get(std::string_view key) const;
  std::string_view text(std::string_view key) const { return get(key).value; }
  bool flag(std::string_view key) const { return get(key).value == "true"; }
  std::int64_t integer(std::string_view key) const;

  /// A key with its value.
  struct Entry
  {
    std::string_view key;
    const SettingValue& value;
  };
  /// Every key with its value, in the table's order (by key).
  std::vector<Entry> all() const;

private:
  // One value per entry of the table, in its order: every call builds this, so no map of
  // strings (a third of the start-up's allocations went to it).
  std::vector<SettingValue> m_values;
};

} // namespace sd::config
