#pragma once

#include "scan/invocation.hpp"

#include <string_view>
#include <vector>

// Docker calls in a Dockerfile's RUN instructions (ONBUILD RUN too): the shell form with its
// continuations (the `# escape=` directive is honoured, comment lines inside a continued
// instruction are dropped as Docker drops them), here-documents (`RUN <<EOF` runs the body as
// the script), and the exec form `RUN ["docker", "rm", "-f", "x"]`.

namespace sd::scan {

/// Passes each docker call in Dockerfile `file` to `out`, in order.
void extract_dockerfile(std::string_view file, const CallSink& out);

} // namespace sd::scan
