#include "record/redact.hpp"

#include <algorithm>
#include <cctype>

namespace sd::record {

namespace {

constexpr std::string_view k_redacted = "***";

std::string
upper(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
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
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= secret_keys.size()) {
    auto end = secret_keys.find(',', start);
    end = end == std::string_view::npos ? secret_keys.size() : end;
    auto word = secret_keys.substr(start, end - start);
    while (!word.empty() && word.front() == ' ') {
      word.remove_prefix(1);
    }
    while (!word.empty() && word.back() == ' ') {
      word.remove_suffix(1);
    }
    if (!word.empty()) {
      out.push_back(upper(word));
    }
    start = end + 1;
  }
  return out;
}

std::vector<std::string>
redacted_argv(std::string_view program, const grammar::ParsedCommand& parsed, const std::vector<std::string>& secret_keys)
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
