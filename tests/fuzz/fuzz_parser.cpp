// libFuzzer target: docker's grammar and the decision over arbitrary argv.
// Input: NUL-separated words; the first byte picks the face.

#include "grammar/parser.hpp"
#include "policy/alternative.hpp"
#include "policy/decide.hpp"
#include "policy/rules_file.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const auto rules = sd::policy::parse_rules(sd::policy::builtin_rules_text(), "built-in default");
  if (size == 0) {
    return 0;
  }
  const auto face = (data[0] & 1) != 0 ? sd::grammar::Face::docker_compose : sd::grammar::Face::docker;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string> words;
  std::size_t start = 0;
  for (auto nul = text.find('\0');; nul = text.find('\0', start)) {
    words.push_back(text.substr(start, nul == std::string::npos ? std::string::npos : nul - start));
    if (nul == std::string::npos) {
      break;
    }
    start = nul + 1;
  }
  const std::vector<std::string_view> args(words.begin(), words.end());
  const auto parsed = sd::grammar::parse(args, face);
  const auto decision = sd::policy::decide(rules, parsed);
  const auto steps = sd::policy::fill_alternative(decision, parsed, "docker");
  (void)sd::policy::format_steps(steps);
  for (const auto& use : parsed.flags) {
    if (use.arg >= args.size()) {
      __builtin_trap();
    }
  }
  return 0;
}
