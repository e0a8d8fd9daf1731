#pragma once

// The swagger facts of tests/data/engine-api-routes.txt, for the API unit tests.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace sd::test {

struct SwaggerRoute
{
  std::string method;
  std::string path; ///< swagger's form: "/containers/{id}/json"
  std::string operation;
  std::vector<std::string> query; ///< the query parameters swagger documents
};

inline std::vector<SwaggerRoute>
swagger_routes()
{
  std::ifstream in(std::string(SD_SOURCE_DIR) + "/tests/data/engine-api-routes.txt");
  REQUIRE(in);
  std::vector<SwaggerRoute> routes;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with('#')) {
      continue;
    }
    std::istringstream words(line);
    SwaggerRoute route;
    std::string query;
    words >> route.method >> route.path >> route.operation >> query;
    std::istringstream names(query);
    for (std::string name; std::getline(names, name, ',');) {
      route.query.push_back(name);
    }
    routes.push_back(route);
  }
  return routes;
}

/// A swagger path with each {parameter} replaced by `value`.
inline std::string
with_params(std::string_view path, std::string_view value = "x")
{
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      out += value;
      i = path.find('}', i);
    } else {
      out += path[i];
    }
  }
  return out;
}

} // namespace sd::test
