#pragma once

#include "api/request_argv.hpp"

#include <cstdint>

// A prune request as the command line that would send it: `<kind> prune --force` (the API never
// asks for confirmation), the `filters` query as `--filter key=value` words, and `--all` where
// the daemon prunes more than the default (image prune dangling=false, volume prune all=true or
// an API version below 1.42, build prune all=1): daemon/server/router/*/ and daemon/*/prune.

namespace sd::api {

enum class PruneKind : std::uint8_t { container, image, network, volume, build };

/// The command line of a prune of `kind`; a malformed `filters` document (filters.FromJSON
/// takes `{"k":{"v":true}}` or `{"k":["v"]}`) sets `error`, as the daemon answers 400.
CallArgv prune_argv(const ApiCall& call, PruneKind kind);

} // namespace sd::api
