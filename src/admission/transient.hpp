#pragma once

#include <string>
#include <string_view>
#include <vector>

// Reading docker's stderr after a failed call: was the daemon unreachable (a breaker failure,
// worth a retry), or did a known transient error occur (worth a retry)? Anything else, a user
// error ("No such container", a conflict) or a container's own non-zero exit, is neither.
//
// Caveat for the caller: the stderr of `docker run`/`exec`/`logs` carries the container's own
// stderr too, so a container that prints these words matches. Consult these only when docker
// itself failed (e.g. exit 1 before a container ran), not for a container's exit status.

namespace sd::admission {

/// Whether `stderr_text` has one of docker's own "cannot reach the daemon" errors, in any
/// version's words: "Cannot connect to the Docker daemon", "Is the docker daemon running",
/// "failed to connect to the docker API", "error during connect", and "dial unix …: connect:
/// no such file or directory / connection refused". Case-insensitive, line by line. A line with
/// "permission denied" (the user is not allowed to use the socket: a setup problem, not an
/// outage) or starting with "Error response from daemon" (the daemon answered) never counts.
bool is_daemon_unreachable(std::string_view stderr_text);

/// Whether `stderr_text` contains one of `patterns` (plain substrings, ASCII case-insensitive;
/// an empty pattern matches nothing).
bool matches_transient_pattern(std::string_view stderr_text, const std::vector<std::string>& patterns);

} // namespace sd::admission
