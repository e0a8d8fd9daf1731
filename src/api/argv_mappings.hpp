#pragma once

#include "api/request_argv.hpp"

#include <span>
#include <string_view>

// The request → command line table, in parts by object kind (argv_*.cpp); request_argv.cpp
// looks a route up in all of them.

namespace sd::api {

using ArgvMapper = CallArgv (*)(const ApiCall& call);

struct ArgvMapping
{
  std::string_view route; ///< the route's swagger operationId, or "METHOD pattern" where it has none
  ArgvMapper map;
};

std::span<const ArgvMapping> container_mappings();
std::span<const ArgvMapping> image_mappings();  ///< images, build, distribution
std::span<const ArgvMapping> object_mappings(); ///< volumes, networks, plugins
std::span<const ArgvMapping> swarm_mappings();  ///< swarm, services, nodes, secrets, configs

} // namespace sd::api
