#pragma once

#include "api/request.hpp"
#include "api/routes.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// One vocabulary: an API request becomes the docker command line that would send it, so the
// same rules decide both channels. `DELETE /containers/x?force=1&v=1` is
// `container rm --force --volumes x`; an API prune is `<kind> prune --force` (the API never
// asks for confirmation).

namespace sd::api {

/// What the mapping reads of one request.
struct ApiCall
{
  std::string_view method;
  RouteMatch match;
  std::optional<std::string_view> version; ///< RequestTarget::version: "1.41"; absent: the daemon's own
  FormValues form;                         ///< merge_form(query, body form)
  std::optional<std::string_view> json;    ///< the body, when the route's BodyUse is json
};

/// The command line equivalent of a request.
struct CallArgv
{
  std::vector<std::string> argv; ///< without the program: {"container", "rm", "--force", "x"}; empty: nothing to decide
  std::optional<std::string>
    container;        ///< the container whose state decides the effect (rm, kill, stop, restart, network disconnect)
  bool force = false; ///< the request forces (force=true, Force in the body, …)
  std::string error;  ///< set when the body cannot be read: the request is refused
};

/// Maps a matched request. Requests that only read map to an empty argv.
CallArgv request_argv(const ApiCall& call);

} // namespace sd::api
