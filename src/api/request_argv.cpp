#include "api/request_argv.hpp"

#include "api/argv_mappings.hpp"

#include <array>
#include <string>

namespace sd::api {

namespace {

/// The mapping of `route`, or nullptr (a route that only reads).
ArgvMapper
find_mapper(const Route& route)
{
  const std::string key = route.operation.empty() ? std::string(route.method) + " " + std::string(route.pattern)
                                                  : std::string(route.operation);
  const std::array parts = {container_mappings(), image_mappings(), object_mappings(), swarm_mappings()};
  for (const auto part : parts) {
    for (const auto& mapping : part) {
      if (mapping.route == key) {
        return mapping.map;
      }
    }
  }
  return nullptr;
}

} // namespace

CallArgv
request_argv(const ApiCall& call)
{
  if (call.match.route == nullptr || call.match.route->traffic != Traffic::mutate) {
    return {};
  }
  const auto mapper = find_mapper(*call.match.route);
  if (mapper == nullptr) {
    CallArgv refused;
    refused.error = "no command line is known for " + std::string(call.match.route->method) + " "
                    + std::string(call.match.route->pattern);
    return refused;
  }
  return mapper(call);
}

} // namespace sd::api
