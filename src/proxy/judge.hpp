#pragma once

#include "api/routes.hpp"
#include "policy/rule.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What the API guard does with one request: pure, no I/O. The request is read as dockerd reads
// it (api/), mapped to the docker command line that would send it, and that command line is
// decided by the same rules as the shim's. Anything the daemon could read differently is
// refused, never passed on.

namespace sd::proxy {

/// The largest body the guard reads before deciding (a JSON or form body the mapping needs).
constexpr std::size_t k_max_judged_body = 4 * 1024 * 1024;

/// A request's head, as the guard received it.
struct RequestHead
{
  std::string_view method;
  std::string_view target;       ///< as sent: "/v1.41/containers/x?force=1"
  std::string_view content_type; ///< "" when absent
};

/// What happens to a request.
struct Verdict
{
  enum class Action : std::uint8_t { forward, deny };
  Action action = Action::forward;
  unsigned status = 0; ///< for deny: the HTTP status (400 refused, 403 blocked, 413 too large)
  std::string message; ///< for deny: the JSON message, "safedocker: …"
  const api::Route* route = nullptr;
  std::vector<std::string> argv;  ///< the equivalent docker command line ("docker container rm …"); empty for reads
  std::string command;            ///< its canonical command path ("container rm"), as the shim records it
  std::string rule;               ///< the rule that decided, if any
  std::string decision = "allow"; ///< allow, warn, block or refused (policy::action_name, or refused)
  std::string refusal;            ///< for refused: why (record/outcome.hpp)
  /// A blocked forced removal of this container: what it does depends on the container's state
  /// (judge the effect): stopped, force changes nothing and it goes on; running, it is stopped
  /// with `grace_seconds` first, so its SIGTERM handler runs. Not set when the rule says
  /// api_running = "deny": then the request is refused whatever the state.
  std::optional<std::string> graceful_container;
  int grace_seconds = 10;

  /// The equivalent command line as one line, for notes.
  std::string argv_text() const;
};

/// Whether the body must be read before deciding: the route reads a JSON body, or the body is
/// a form (dockerd reads form values from it).
bool needs_body(const RequestHead& head);

/// Decides a request. `body` is given when needs_body() said so (at most k_max_judged_body).
Verdict judge(const policy::RuleSet& rules, const RequestHead& head, std::optional<std::string_view> body);

/// A JSON error body as dockerd writes one: {"message":"…"}, which the docker CLI prints as
/// "Error response from daemon: …" and every SDK raises readably.
std::string error_body(std::string_view message);

} // namespace sd::proxy
