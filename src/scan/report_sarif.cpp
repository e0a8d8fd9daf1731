#include "scan/report.hpp"

#include "util/utf8.hpp"
#include "util/version.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace sd::scan {

std::string
uri_reference(std::string_view path)
{
  static constexpr std::string_view k_keep = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/";
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string out;
  for (const char c : path) {
    if (k_keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[byte >> 4U];
      out += k_hex[byte & 0xFU];
    }
  }
  return out;
}

std::string
render_sarif(const ScanResult& result, const std::string& base_directory)
{
  // One reportingDescriptor per rule that has a finding, in order of first appearance.
  std::map<std::string, std::size_t> rule_index;
  auto rules = nlohmann::json::array();
  auto results = nlohmann::json::array();
  for (const auto& finding : result.findings) {
    auto [it, added] = rule_index.emplace(finding.rule, rules.size());
    if (added) {
      const auto description = finding.why.empty() ? "safedocker rule " + finding.rule : finding.why;
      rules.push_back({
        {"id", finding.rule},
        {"shortDescription", {{"text", util::escape_invalid_utf8(description)}}},
        {"defaultConfiguration", {{"level", finding.level == Level::error ? "error" : "warning"}}},
      });
    }
    nlohmann::json artifact = {{"uri", uri_reference(util::escape_invalid_utf8(finding.file))}};
    if (!finding.file.starts_with('/')) {
      artifact["uriBaseId"] = "SRCROOT";
    }
    std::string text = finding.message;
    if (!finding.alternative.empty()) {
      text += " Instead: " + finding.alternative;
    }
    results.push_back({
      {"ruleId", finding.rule},
      {"ruleIndex", it->second},
      {"level", finding.level == Level::error ? "error" : "warning"},
      {"message", {{"text", util::escape_invalid_utf8(text)}}},
      {"locations",
       {{{"physicalLocation",
          {{"artifactLocation", artifact},
           {"region", {{"startLine", finding.line}, {"startColumn", finding.column}}}}}}}},
    });
  }
  auto base = uri_reference(base_directory);
  if (!base.ends_with('/')) {
    base += '/';
  }
  const nlohmann::json log = {
    {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
    {"version", "2.1.0"},
    {"runs",
     {{
       {"tool", {{"driver", {{"name", "safedocker"}, {"version", k_version}, {"rules", rules}}}}},
       {"originalUriBaseIds", {{"SRCROOT", {{"uri", "file://" + base}}}}},
       {"columnKind", "unicodeCodePoints"},
       {"results", results},
     }}},
  };
  return log.dump(2) + "\n";
}

} // namespace sd::scan
