#pragma once

#include "grammar/parser.hpp"
#include "scan/shell_text.hpp"

#include <string>
#include <vector>

namespace sd::scan {

/// A docker call found in a file: its argv as written, for the wrapper's own grammar to parse.
struct Invocation
{
  std::vector<std::string> argv; ///< argv[0] is the docker word as written (`docker`, `/usr/bin/docker`)
  std::vector<bool> expanded;    ///< per argv word: it holds an expansion (`$x`, `$(…)`), shown as written
  grammar::Face face = grammar::Face::docker;
  Offset origin = 0;             ///< file offset of argv[0]
};

} // namespace sd::scan
