#include "scan/report.hpp"

namespace sd::scan {

std::optional<Format>
format_from_name(std::string_view name)
{
  if (name == "text") {
    return Format::text;
  }
  if (name == "json") {
    return Format::json;
  }
  if (name == "sarif") {
    return Format::sarif;
  }
  return std::nullopt;
}

std::string
render_text(const ScanResult& result)
{
  std::string out;
  for (const auto& finding : result.findings) {
    out += finding.file + ":" + std::to_string(finding.line) + ":" + std::to_string(finding.column) + ": "
           + finding.rule + (finding.level == Level::warning ? " (warning)" : "") + ": " + finding.message + "\n";
    if (!finding.alternative.empty()) {
      out += "  instead: " + finding.alternative + "\n";
    }
  }
  return out;
}

} // namespace sd::scan
