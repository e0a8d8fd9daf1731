#pragma once

#include <string>

// Where the rules files are on this platform: the platform's half of rules_file.hpp.

namespace sd::policy {

/// The system rules file. Fixed on purpose: it is the one file that can set policy.locked, so
/// nothing a user controls may move it (/etc/safedocker/rules.toml; on Windows
/// %ProgramData%\safedocker\rules.toml, asked of the shell, not read from the environment).
const std::string& system_rules_path();

/// The user's rules file ($XDG_CONFIG_HOME/safedocker/rules.toml, else
/// ~/.config/safedocker/rules.toml; on Windows %APPDATA%\safedocker\rules.toml), or "" when
/// there is no such place.
std::string user_rules_path();

} // namespace sd::policy
