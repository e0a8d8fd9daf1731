#include "api/request.hpp"

#include "api/go_text.hpp"

#include <array>
#include <cstdint>

namespace sd::api {

namespace {

int
hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

enum class Plus : std::uint8_t { literal, space };

/// Go's unescape: every '%' followed by two hex digits, else nullopt; in a query component '+'
/// is a space. `decoded_from_escape` (when given) gets, per output byte, whether it came from
/// an escape, so the caller can tell "%2F" from '/'.
std::optional<std::string>
unescape(std::string_view text, Plus plus, std::vector<bool>* decoded_from_escape = nullptr)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool escaped = false;
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return std::nullopt;
      }
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) {
        return std::nullopt;
      }
      c = static_cast<char>(high * 16 + low);
      escaped = true;
      i += 2;
    } else if (c == '+' && plus == Plus::space) {
      c = ' ';
    }
    out += c;
    if (decoded_from_escape != nullptr) {
      decoded_from_escape->push_back(escaped);
    }
  }
  return out;
}

bool
is_control(char c)
{
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

/// Why the decoded path is ambiguous, or "" when it is not. dockerd's router (gorilla/mux)
/// matches the decoded path, after redirecting any path that path.Clean would change.
std::string
path_problem(std::string_view path, const std::vector<bool>& from_escape)
{
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && from_escape[i]) {
      return "encoded '/' in the path";
    }
    if (path[i] == '\\') {
      return "'\\' in the path";
    }
    if (path[i] == '\0') {
      return "NUL in the path";
    }
    if (is_control(path[i])) {
      return "control character in the path"; // the routes' `.*` stops at a newline
    }
  }
  // Segments between slashes; the last may be empty (a trailing slash, which routes keep).
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    const auto segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") {
      return "dot segment in the path";
    }
    if (segment.empty() && slash != std::string_view::npos) {
      return "empty segment ('//') in the path";
    }
    start = end + 1;
  }
  return {};
}

bool
is_api_version(std::string_view text)
{
  // dockerd's router takes /v[0-9.]+/ as a version; only digits between single dots compare
  // as the version middleware means them, so anything else is refused.
  bool digit_expected = true;
  for (const char c : text) {
    if (c == '.') {
      if (digit_expected) {
        return false;
      }
      digit_expected = true;
    } else if (c >= '0' && c <= '9') {
      digit_expected = false;
    } else {
      return false;
    }
  }
  return !digit_expected;
}

/// Splits "/v1.41/rest" into version and "/rest"; leaves other paths alone. Empty error: fine.
std::string
strip_version(RequestTarget& target)
{
  const std::string_view path = target.path;
  if (!path.starts_with("/v")) {
    return {};
  }
  const auto slash = path.find('/', 2);
  if (slash == std::string_view::npos) {
    return {}; // "/v1.41" alone: no route has it, dockerd answers 404
  }
  const auto version = path.substr(2, slash - 2);
  if (version.empty() || version.find_first_not_of("0123456789.") != std::string_view::npos) {
    return {}; // "/volumes", "/version": not a version prefix
  }
  if (!is_api_version(version)) {
    return "malformed API version '" + std::string(version) + "'";
  }
  target.version = std::string(version);
  target.path = std::string(path.substr(slash));
  return {};
}

} // namespace

std::optional<std::string_view>
FormValues::get(std::string_view key) const
{
  for (const auto& [name, value] : items) {
    if (name == key) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string>
FormValues::all(std::string_view key) const
{
  std::vector<std::string> values;
  for (const auto& [name, value] : items) {
    if (name == key) {
      values.push_back(value);
    }
  }
  return values;
}

bool
form_bool(std::optional<std::string_view> value)
{
  if (!value) {
    return false;
  }
  static constexpr std::array<std::string_view, 5> k_false = {"", "0", "no", "false", "none"};
  const auto word = go_to_lower(go_trim_space(*value));
  for (const auto no : k_false) {
    if (word == no) {
      return false;
    }
  }
  return true;
}

std::optional<FormValues>
parse_form(std::string_view body, std::string& error)
{
  FormValues form;
  std::size_t fields = 0;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto field = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (field.find(';') != std::string_view::npos) {
      error = "';' in the query or form (Go refuses it since 1.17)";
      return std::nullopt;
    }
    if (field.empty()) {
      continue;
    }
    if (++fields > k_max_form_fields) {
      error = "more than " + std::to_string(k_max_form_fields) + " fields in the query or form";
      return std::nullopt;
    }
    const auto equals = field.find('=');
    auto key = unescape(field.substr(0, equals), Plus::space);
    auto value =
      unescape(equals == std::string_view::npos ? std::string_view{} : field.substr(equals + 1), Plus::space);
    if (!key || !value) {
      error = "bad percent escape in the query or form";
      return std::nullopt;
    }
    form.items.emplace_back(std::move(*key), std::move(*value));
  }
  return form;
}

bool
is_form_body(std::string_view method, std::string_view content_type)
{
  if (method != "POST" && method != "PUT" && method != "PATCH") {
    return false;
  }
  return media_type(content_type) == "application/x-www-form-urlencoded";
}

std::string
media_type(std::string_view content_type)
{
  return go_to_lower(go_trim_space(content_type.substr(0, content_type.find(';'))));
}

TargetParse
parse_target(std::string_view raw)
{
  TargetParse result;
  if (raw.empty() || raw.front() != '/') {
    result.error = "not an origin-form target (must start with '/')";
    return result;
  }
  for (const char c : raw) {
    if (is_control(c)) {
      result.error = "control character in the target";
      return result;
    }
  }
  if (raw.find('#') != std::string_view::npos) {
    result.error = "fragment ('#') in the target"; // Go would keep it in the path or query
    return result;
  }
  const auto question = raw.find('?');
  const auto raw_path = raw.substr(0, question);
  const auto raw_query = question == std::string_view::npos ? std::string_view{} : raw.substr(question + 1);

  std::vector<bool> from_escape;
  auto path = unescape(raw_path, Plus::literal, &from_escape);
  if (!path) {
    result.error = "bad percent escape in the path";
    return result;
  }
  if (result.error = path_problem(*path, from_escape); !result.error.empty()) {
    return result;
  }
  RequestTarget target;
  target.path = std::move(*path);
  if (result.error = strip_version(target); !result.error.empty()) {
    return result;
  }
  auto query = parse_form(raw_query, result.error);
  if (!query) {
    return result;
  }
  target.query = std::move(*query);
  result.target = std::move(target);
  return result;
}

FormValues
merge_form(const FormValues& query, const std::optional<FormValues>& body)
{
  if (!body) {
    return query;
  }
  FormValues merged = *body;
  merged.items.insert(merged.items.end(), query.items.begin(), query.items.end());
  return merged;
}

} // namespace sd::api
