#pragma once

#include <string>
#include <string_view>
#include <vector>

// gorilla/mux path templates as dockerd uses them: literal text and variables `{name}`
// (regexp [^/]+), `{name:.*}` and `{name:.+}`, matched against the whole decoded path.

namespace sd::api {

/// Whether `path` matches `pattern` as gorilla/mux's compiled regexp would (anchored; Go's
/// `.` does not match '\n'; variables greedy, leftmost first). On a match, `params` holds the
/// variables' values in pattern order; otherwise its content is unspecified.
bool match_pattern(std::string_view pattern, std::string_view path, std::vector<std::string>& params);

} // namespace sd::api
