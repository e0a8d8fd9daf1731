#include "api/routes.hpp"
#include "test_api_support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace sd::api;
using sd::test::swagger_routes;
using sd::test::with_params;

namespace {

std::string_view
operation_at(std::string_view method, std::string_view path)
{
  const auto match = match_route(method, path);
  return match.route == nullptr ? "(none)" : match.route->operation;
}

} // namespace

TEST_CASE("api routes: every swagger route is in the table and matches, and back")
{
  const auto swagger = swagger_routes();
  CHECK(swagger.size() > 100);
  for (const auto& route : swagger) {
    for (const auto* value : {"x", "abc123", "library/busybox:latest"}) {
      const auto path = with_params(route.path, value);
      // Only names with `{name:.*}` may hold a slash: skip other routes for that value.
      const auto match = match_route(route.method, path);
      if (std::string_view(value).find('/') != std::string_view::npos
          && (match.route == nullptr || match.route->pattern.find(":.*}") == std::string_view::npos)) {
        continue;
      }
      INFO(route.method << " " << path);
      CHECK(operation_at(route.method, path) == route.operation);
    }
  }
  for (const auto& route : all_routes()) {
    if (route.operation.empty()) {
      continue;
    }
    INFO(route.method << " " << route.pattern);
    bool found = false;
    for (const auto& fact : swagger) {
      found = found || (fact.method == route.method && fact.operation == route.operation);
    }
    CHECK(found);
  }
}

TEST_CASE("api routes: names with slashes match as gorilla/mux matches `{name:.*}`")
{
  auto match = match_route("GET", "/images/library/busybox:latest/json");
  REQUIRE(match.route != nullptr);
  CHECK(match.route->operation == "ImageInspect");
  CHECK(match.params == std::vector<std::string>{"library/busybox:latest"});

  match = match_route("DELETE", "/images/registry:5000/team/app:1.0");
  CHECK(match.route->operation == "ImageDelete");
  CHECK(match.params == std::vector<std::string>{"registry:5000/team/app:1.0"});

  CHECK(operation_at("GET", "/images/json") == "ImageList"); // registered first
  CHECK(operation_at("GET", "/images/a/json/json") == "ImageInspect");
  CHECK(match_route("GET", "/images/a/json/json").params.front() == "a/json");
  CHECK(operation_at("DELETE", "/plugins/vieux/sshfs:latest") == "PluginDelete");
  CHECK(operation_at("POST", "/plugins/vieux/sshfs/disable") == "PluginDisable");
  CHECK(operation_at("GET", "/distribution/docker.io/library/alpine/json") == "DistributionInspect");
  CHECK(operation_at("DELETE", "/containers/a/b") == "ContainerDelete");
  // The checkpoint router comes first, so its DELETE is not the container's.
  CHECK(match_route("DELETE", "/containers/c/checkpoints/cp").route->pattern
        == "/containers/{name}/checkpoints/{checkpoint}");
  CHECK(operation_at("POST", "/containers/prune") == "ContainerPrune");
  CHECK(operation_at("POST", "/containers/create") == "ContainerCreate");
  CHECK(operation_at("GET", "/networks/") == "");
  CHECK(operation_at("GET", "/networks/n/x") == "NetworkInspect");
  // [^/]+ stops at a slash; Go's `.` stops at a newline.
  CHECK(operation_at("GET", "/services/a/b") == "(none)");
  CHECK(operation_at("DELETE", "/containers/a\nb") == "(none)");
  CHECK(operation_at("GET", "/_ping") == "SystemPing");
  CHECK(operation_at("HEAD", "/containers/x/json") == "(none)"); // no GET fallback for HEAD
  CHECK(operation_at("PATCH", "/containers/x") == "(none)");
  CHECK(match_route("OPTIONS", "/anything/at/all").route != nullptr);
  CHECK(match_route("GET", "/nope").params.empty());
}

TEST_CASE("api routes: traffic classes")
{
  const auto traffic = [](std::string_view method, std::string_view path) {
    const auto match = match_route(method, path);
    REQUIRE(match.route != nullptr);
    return match.route->traffic;
  };
  CHECK(traffic("DELETE", "/containers/x") == Traffic::mutate);
  CHECK(traffic("POST", "/containers/x/kill") == Traffic::mutate);
  CHECK(traffic("POST", "/images/create") == Traffic::mutate);
  CHECK(traffic("POST", "/build") == Traffic::mutate);
  CHECK(traffic("POST", "/volumes/prune") == Traffic::mutate);
  CHECK(traffic("POST", "/containers/x/attach") == Traffic::hijack);
  CHECK(traffic("GET", "/containers/x/attach/ws") == Traffic::hijack);
  CHECK(traffic("POST", "/exec/x/start") == Traffic::hijack);
  CHECK(traffic("POST", "/session") == Traffic::hijack);
  CHECK(traffic("POST", "/grpc") == Traffic::hijack);
  CHECK(traffic("GET", "/containers/x/logs") == Traffic::read);
  CHECK(traffic("GET", "/events") == Traffic::read);
  CHECK(traffic("POST", "/containers/x/wait") == Traffic::read);
  CHECK(traffic("HEAD", "/containers/x/archive") == Traffic::read);
  CHECK(traffic("GET", "/system/df") == Traffic::read);
  for (const auto& route : all_routes()) {
    INFO(route.method << " " << route.pattern);
    if (route.method == "DELETE" || route.method == "PUT") {
      CHECK(route.traffic == Traffic::mutate);
    }
    if (route.method == "GET" || route.method == "HEAD") {
      CHECK(route.traffic != Traffic::mutate);
    }
  }
}
