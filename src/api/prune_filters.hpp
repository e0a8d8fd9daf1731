#pragma once

#include "api/argv_builder.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

// A prune's `filters` query as the CLI would have sent it: `--filter key=value` words, and
// `--all` where the daemon reads a filter as "everything" (image prune dangling=false, volume
// prune all=true, daemon/server/router/*/ and daemon/*/prune).

namespace sd::api {

enum class PruneKind : std::uint8_t { container, image, network, volume, build };

/// Adds the filters of `json` (filters.FromJSON: `{"k":{"v":true}}` or `{"k":["v"]}`; absent or
/// empty: none) to `argv`; a malformed document is an error, as the daemon answers 400.
void add_prune_filters(ArgvBuilder& argv, PruneKind kind, std::optional<std::string_view> json);

} // namespace sd::api
