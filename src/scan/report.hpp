#pragma once

#include "scan/scanner.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// A scan's findings as text (one `FILE:LINE:COL: RULE: MESSAGE` line and an `instead:` line
// each), JSON, or SARIF 2.1.0 for code scanning services.

namespace sd::scan {

/// guard scan's --format.
enum class Format : std::uint8_t { text, json, sarif };

/// "text", "json", "sarif" → the format; nullopt for anything else.
std::optional<Format> format_from_name(std::string_view name);

/// The findings, each `FILE:LINE:COL: RULE: MESSAGE` (`RULE (warning)` for a warning) and, when
/// there is one, `  instead: ALTERNATIVE`.
std::string render_text(const ScanResult& result);

/// `{"findings":[{"file","line","column","rule","level","token","command","message",
/// "alternative","argv"}…],"files_scanned":N,"bytes_scanned":N}` on one line.
std::string render_json(const ScanResult& result);

/// A SARIF 2.1.0 log with one run. Relative paths are relative to `base_directory` (an absolute
/// directory), which becomes the run's %SRCROOT%.
std::string render_sarif(const ScanResult& result, const std::string& base_directory);

/// `path` as a URI reference: bytes outside RFC 3986's unreserved set and `/` percent-encoded.
std::string uri_reference(std::string_view path);

} // namespace sd::scan
