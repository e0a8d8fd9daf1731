#pragma once

#include "grammar/parser.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sd::record {

/// The words of `secret_keys` (comma-separated, e.g. "PASSWORD,TOKEN").
std::vector<std::string> split_secret_keys(std::string_view secret_keys);

/// argv (program first) with secrets replaced by "***": the value of -e/--env and --build-arg
/// KEY=VALUE when KEY contains a secret word (case-insensitive), and any --password value.
/// Attached forms (`-ePASSWORD=x`, `--env=TOKEN=x`) are redacted in place.
std::vector<std::string> redacted_argv(std::string_view program, const grammar::ParsedCommand& parsed,
                                       const std::vector<std::string>& secret_keys);

} // namespace sd::record
