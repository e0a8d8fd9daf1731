#include "record/redact.hpp"

#include "util/comma_list.hpp"

#include <algorithm>
#include <cctype>

namespace sd::record {

namespace {

constexpr std::string_view k_redacted = "***";

std::string
upper(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

// The redacted form of a flag's value, or nullopt when it may be shown.
std::optional<std::string>
redact_value(const grammar::FlagUse& use, const std::vector<std::string>& secret_keys)
{
  if (use.name == "password") {
    return std::string(k_redacted);
  }
  if (use.name != "env" && use.name != "build-arg") {
    return std::nullopt;
  }
  const auto eq = use.value.find('=');
  if (eq == std::string::npos) {
    return std::nullopt; // `-e KEY`: the value comes from the environment, not argv
  }
  const auto key = upper(std::string_view(use.value).substr(0, eq));
  for (const auto& secret : secret_keys) {
    if (key.find(secret) != std::string::npos) {
      return use.value.substr(0, eq + 1) + std::string(k_redacted);
    }
  }
  return std::nullopt;
}

} // namespace

std::vector<std::string>
split_secret_keys(std::string_view secret_keys)
{
  auto out = util::split_comma_list(secret_keys);
  for (auto& word : out) {
    word = upper(word);
  }
  return out;
}

std::vector<std::string>
redacted_argv(std::string_view program, const grammar::ParsedCommand& parsed,
              const std::vector<std::string>& secret_keys)
{
  std::vector<std::string> argv{std::string(program)};
  argv.insert(argv.end(), parsed.args.begin(), parsed.args.end());
  for (const auto& use : parsed.flags) {
    const auto replacement = redact_value(use, secret_keys);
    if (!replacement) {
      continue;
    }
    if (use.value_arg) {
      argv[*use.value_arg + 1] = *replacement;
      continue;
    }
    // The value is attached: it is the end of the token.
    auto& token = argv[use.arg + 1];
    if (token.size() >= use.value.size()) {
      token = token.substr(0, token.size() - use.value.size()) + *replacement;
    }
  }
  return argv;
}

} // namespace sd::record
