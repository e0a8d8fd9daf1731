#pragma once

#include "api/request.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The Engine API's routes, one table (api/routes.cpp): every method and path dockerd serves,
// with what the proxy must know of each. Checked against the API's swagger file by a unit test.

namespace sd::api {

/// What a request's body is needed for.
enum class BodyUse : std::uint8_t {
  none, ///< streamed through unread (build contexts, archives, image loads)
  json, ///< a small JSON document the mapping reads (≤ the inspect limit)
};

/// How a route's traffic is handled.
enum class Traffic : std::uint8_t {
  read,   ///< no slot, no policy argv (inspect, list, logs, events, wait, …)
  mutate, ///< takes a slot until the response ends, goes through the rules
  hijack, ///< the connection becomes a raw tunnel (attach, exec start, session): no slot
};

struct Route
{
  std::string_view method;    ///< "GET", "POST", "DELETE", "PUT", "HEAD"
  std::string_view pattern;   ///< gorilla/mux form without the version: "/services/{id}", "/images/{name:.*}/json"
  std::string_view operation; ///< swagger operationId: "ContainerInspect"; "" where swagger has none
  Traffic traffic = Traffic::read;
  BodyUse body = BodyUse::none;
};

/// Every route, in dockerd's matching order.
std::span<const Route> all_routes();

/// A request matched to a route, with its path parameters in pattern order.
struct RouteMatch
{
  const Route* route = nullptr; ///< nullptr: no route matches (dockerd answers 404)
  std::vector<std::string> params;
};

/// Matches a decoded, unversioned path as dockerd's router would.
RouteMatch match_route(std::string_view method, std::string_view path);

} // namespace sd::api
