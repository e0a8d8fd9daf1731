// libFuzzer target: the scanner over arbitrary file contents. The input is read as a file of
// every kind in turn (shell, bats, Makefile, YAML, Dockerfile, Python, Markdown): extraction,
// the wrapper's parse and decision of each docker call found, and the suppressions.

#include "policy/rules_file.hpp"
#include "scan/check_text.hpp"
#include "scan/file_kind.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const auto rules = sd::policy::parse_rules(sd::policy::builtin_rules_text(), "built-in default");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t line_count = 1;
  for (const char c : text) {
    line_count += c == '\n' ? 1 : 0;
  }
  using sd::scan::FileKind;
  for (const auto kind : {FileKind::shell, FileKind::bats, FileKind::makefile, FileKind::yaml, FileKind::dockerfile,
                          FileKind::python, FileKind::markdown}) {
    std::vector<sd::scan::Invocation> calls;
    sd::scan::extract(kind, text, calls);
    for (const auto& call : calls) {
      // Every call names docker, points into the file, and says for each word if it expands.
      if (call.argv.empty() || call.origin > size || call.expanded.size() != call.argv.size()) {
        __builtin_trap();
      }
    }
    sd::scan::DecisionCache cache;
    const auto findings = sd::scan::check_text("fuzz", text, kind, rules, sd::scan::Warnings::yes, &cache);
    for (const auto& finding : findings) {
      if (finding.line == 0 || finding.line > line_count || finding.rule.empty()) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
