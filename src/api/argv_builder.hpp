#pragma once

#include "api/json_body.hpp"
#include "api/request_argv.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Builds the command line of one request: command words, then flags, then positionals, with
// "--" before the positionals when one could be read as a flag (an image named "-f").

namespace sd::api {

class ArgvBuilder
{
public:
  /// Starts with the canonical command words: {"container", "rm"}.
  ArgvBuilder(std::initializer_list<std::string_view> words);

  /// `--name` when `on`.
  void flag(std::string_view name, bool on = true);
  /// `--name value` unless `value` is empty (dockerd reads "" as absent).
  void option(std::string_view name, std::string_view value);
  /// `--name value` for each value.
  void options(std::string_view name, const std::vector<std::string>& values);
  void positional(std::string_view value);

  /// `--force` when `on`, and the call is marked as forcing.
  void force(bool on);
  /// The call forces by another flag (`--force-new-cluster`) or a body field.
  void forcing(bool on) { m_call.force = m_call.force || on; }
  void container(std::string_view name) { m_call.container = std::string(name); }
  /// The first error wins; a call with an error is refused.
  void error(std::string_view message);

  CallArgv finish() &&;

private:
  CallArgv m_call;
  std::vector<std::string> m_positionals;
};

/// The path parameter `index` of the call's route ("" when the route has fewer).
std::string_view path_param(const ApiCall& call, std::size_t index);

/// The JSON body of the call (routes with BodyUse::json); a body the daemon would refuse or
/// read otherwise is an error on `argv`.
nlohmann::json read_body(const ApiCall& call, ArgvBuilder& argv);

/// A command whose positional is the route's first path parameter, then the form value
/// `value_key` when given (rename's new name, plugin upgrade's remote).
CallArgv on_param(std::initializer_list<std::string_view> words, const ApiCall& call, std::string_view value_key = {});
/// The same, forced when the `force` form value is true.
CallArgv forced_on_param(std::initializer_list<std::string_view> words, const ApiCall& call);

/// Whether API `version` ("1.41") is below major.minor, compared as the daemon's
/// versions.LessThan does (numerically, part by part; missing parts are 0).
bool version_below(std::string_view version, unsigned major, unsigned minor);

/// `repo:tag` (or `repo@tag` for a digest); `repo` alone when the tag is empty.
std::string reference(std::string_view repo, std::string_view tag);

} // namespace sd::api
