#include "api/argv_builder.hpp"

#include <algorithm>

namespace sd::api {

ArgvBuilder::ArgvBuilder(std::initializer_list<std::string_view> words)
{
  for (const auto word : words) {
    m_call.argv.emplace_back(word);
  }
}

void
ArgvBuilder::flag(std::string_view name, bool on)
{
  if (on) {
    m_call.argv.push_back("--" + std::string(name));
  }
}

void
ArgvBuilder::option(std::string_view name, std::string_view value)
{
  if (!value.empty()) {
    m_call.argv.push_back("--" + std::string(name));
    m_call.argv.emplace_back(value);
  }
}

void
ArgvBuilder::options(std::string_view name, const std::vector<std::string>& values)
{
  for (const auto& value : values) {
    m_call.argv.push_back("--" + std::string(name));
    m_call.argv.push_back(value);
  }
}

void
ArgvBuilder::positional(std::string_view value)
{
  m_positionals.emplace_back(value);
}

void
ArgvBuilder::force(bool on)
{
  flag("force", on);
  forcing(on);
}

void
ArgvBuilder::error(std::string_view message)
{
  if (m_call.error.empty()) {
    m_call.error = std::string(message);
  }
}

CallArgv
ArgvBuilder::finish() &&
{
  for (const auto& value : m_positionals) {
    if (value.starts_with('-')) {
      m_call.argv.emplace_back("--");
      break;
    }
  }
  m_call.argv.insert(m_call.argv.end(), m_positionals.begin(), m_positionals.end());
  return std::move(m_call);
}

std::string_view
path_param(const ApiCall& call, std::size_t index)
{
  return index < call.match.params.size() ? std::string_view(call.match.params[index]) : std::string_view{};
}

nlohmann::json
read_body(const ApiCall& call, ArgvBuilder& argv)
{
  auto body = parse_json_body(call.json);
  argv.error(body.error);
  return std::move(body.value);
}

CallArgv
on_param(std::initializer_list<std::string_view> words, const ApiCall& call, std::string_view value_key)
{
  ArgvBuilder argv(words);
  argv.positional(path_param(call, 0));
  if (!value_key.empty()) {
    argv.positional(call.form.text(value_key));
  }
  return std::move(argv).finish();
}

CallArgv
forced_on_param(std::initializer_list<std::string_view> words, const ApiCall& call)
{
  ArgvBuilder argv(words);
  argv.force(form_bool(call.form.get("force")));
  argv.positional(path_param(call, 0));
  return std::move(argv).finish();
}

bool
version_below(std::string_view version, unsigned major, unsigned minor)
{
  const unsigned wanted[] = {major, minor};
  for (const auto part : wanted) {
    const auto dot = version.find('.');
    const auto digits = version.substr(0, dot);
    version = dot == std::string_view::npos ? std::string_view{} : version.substr(dot + 1);
    unsigned long value = 0; // saturating: "99999999999999999999" is simply large
    for (const char c : digits) {
      value = std::min(value * 10 + static_cast<unsigned long>(c - '0'), 1'000'000UL);
    }
    if (value != part) {
      return value < part;
    }
  }
  return false;
}

std::string
reference(std::string_view repo, std::string_view tag)
{
  if (tag.empty()) {
    return std::string(repo);
  }
  const char separator = tag.find(':') != std::string_view::npos ? '@' : ':'; // sha256:… is a digest
  return std::string(repo) + separator + std::string(tag);
}

} // namespace sd::api
