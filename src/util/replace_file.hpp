#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sd::util {

/// Replaces the file at `path` with `text`, whole or not at all, readable by everyone (0644, for
/// a reader running as another user such as node_exporter): a new temporary file in the same
/// directory (created exclusively, never through a symlink), synced, renamed over `path`. A
/// reader sees the old content or the new, never a part. Returns an error message naming the
/// file, or nullopt.
std::optional<std::string> replace_file(const std::string& path, std::string_view text);

} // namespace sd::util
