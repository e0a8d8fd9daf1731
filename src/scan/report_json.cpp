#include "scan/report.hpp"

#include "util/utf8.hpp"

#include <nlohmann/json.hpp>

namespace sd::scan {

std::string
render_json(const ScanResult& result)
{
  auto findings = nlohmann::json::array();
  for (const auto& finding : result.findings) {
    auto argv = nlohmann::json::array();
    for (const auto& word : finding.argv) {
      argv.push_back(util::escape_invalid_utf8(word));
    }
    findings.push_back({
      {"file", util::escape_invalid_utf8(finding.file)},
      {"line", finding.line},
      {"column", finding.column},
      {"rule", finding.rule},
      {"level", finding.level == Level::error ? "error" : "warning"},
      {"token", finding.token.empty() ? nlohmann::json() : nlohmann::json(util::escape_invalid_utf8(finding.token))},
      {"command", finding.command.empty() ? nlohmann::json() : nlohmann::json(finding.command)},
      {"message", util::escape_invalid_utf8(finding.message)},
      {"alternative",
       finding.alternative.empty() ? nlohmann::json() : nlohmann::json(util::escape_invalid_utf8(finding.alternative))},
      {"argv", argv},
    });
  }
  const nlohmann::json out = {
    {"findings", findings},
    {"files_scanned", result.files_scanned},
    {"bytes_scanned", result.bytes_scanned},
  };
  return out.dump() + "\n";
}

} // namespace sd::scan
