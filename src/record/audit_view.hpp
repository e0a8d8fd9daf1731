#pragma once

#include <optional>
#include <string>
#include <string_view>

// How `guard log` shows one line of the audit log. The line comes from disk, where anything
// may have been written (a torn fragment, a hand edit, another program): any bytes are
// accepted, and a field of an unexpected type is shown as absent.

namespace sd::record {

/// Which records `guard log` shows; an empty field matches everything.
struct AuditFilter
{
  std::string decision;
  std::string rule;
  std::string command; ///< a glob (fnmatch) on the canonical command path
  std::string event;
};

/// The text `guard log` prints for `line` (one audit line without its newline): the line
/// itself when `json`, else one readable line. nullopt when the line is not a JSON object or
/// `filter` does not accept it. Never throws for the content of the line.
std::optional<std::string> render_audit_line(std::string_view line, const AuditFilter& filter, bool json);

} // namespace sd::record
