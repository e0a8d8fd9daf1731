#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// An Engine API request as dockerd reads it (Go's net/http and url packages, gorilla/mux routes,
// moby's httputils): what the API guard decides on must be what the daemon will do. Pure
// functions, no I/O: the proxy parses the bytes it forwards with these, the fuzzer drives them.

namespace sd::api {

/// Query or form values in arrival order, decoded as Go's url.ParseQuery decodes them.
struct FormValues
{
  std::vector<std::pair<std::string, std::string>> items;

  /// The first value of `key` (what dockerd's r.Form.Get reads), or nullopt when absent.
  std::optional<std::string_view> get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key).has_value(); }
  /// r.Form.Get itself: the first value, "" when absent.
  std::string_view text(std::string_view key) const { return get(key).value_or(""); }
  /// Every value of `key` in order (r.Form[key]: build tags, image changes, platforms).
  std::vector<std::string> all(std::string_view key) const;
};

/// dockerd's boolean rule (httputils.BoolValue): the value trimmed and lower-cased; "", "0",
/// "no", "false" and "none" are false, anything else is true; an absent key is false.
bool form_bool(std::optional<std::string_view> value);

/// A request target as dockerd routes it.
struct RequestTarget
{
  std::string path;                   ///< percent-decoded, version prefix removed: "/containers/a b/json"
  std::optional<std::string> version; ///< "1.41" from "/v1.41/…"
  FormValues query;
};

/// A target, or why it is refused.
struct TargetParse
{
  std::optional<RequestTarget> target;
  std::string error; ///< when refused: "dot segment in the path", "encoded '/' in the path", …
};

/// Parses an origin-form request target ("/v1.41/containers/x?force=1"). Refuses whatever the
/// daemon's router could read differently from this parser: not origin-form, dot segments,
/// empty segments ("//"), an encoded '/', '\\' or NUL, bad percent escapes, a ';' in the query
/// (Go rejects it), a fragment.
TargetParse parse_target(std::string_view raw);

/// Parses an application/x-www-form-urlencoded body as Go's url.ParseQuery does; nullopt with
/// `error` set on a ';', a bad escape or more than k_max_form_fields fields.
std::optional<FormValues> parse_form(std::string_view body, std::string& error);

/// Fields a query or form may have. Go (1.24.12, 1.25.6 on) refuses more than its own limit
/// (GODEBUG urlmaxqueryparams, 10000); below it, no Engine API client comes near this.
inline constexpr std::size_t k_max_form_fields = 1000;

/// Whether dockerd's r.ParseForm reads the body as a form: a POST, PUT or PATCH whose
/// Content-Type media type (before any ';', trimmed, lowered as Go's mime.ParseMediaType
/// does) is application/x-www-form-urlencoded. The proxy must then parse it with parse_form.
bool is_form_body(std::string_view method, std::string_view content_type);

/// The media type of a Content-Type value as Go's mime.ParseMediaType reads it: before any
/// ';', trimmed, lower-cased ("multipart/form-data").
std::string media_type(std::string_view content_type);

/// What dockerd's handler reads: for POST, PUT and PATCH with a form-encoded body, r.Form is
/// the body's values first, then the query's (so a body value wins for Get); else the query.
FormValues merge_form(const FormValues& query, const std::optional<FormValues>& body);

} // namespace sd::api
