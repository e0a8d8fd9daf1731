#pragma once

#include <string>
#include <string_view>
#include <vector>

// A Windows program receives one command line, not an argv, and splits it itself. docker.exe is
// a Go program and splits it with Go's rules (os.Args: backslashes count only before a quote;
// `""` inside quotes is a literal quote that also ends the quoting, the C runtime's rule before
// 2008). safedocker.exe, standing where docker.exe stood, splits its own command line with the
// same rules, and builds the command line it gives docker.exe so that those rules give back
// exactly its argv.

namespace sd::util {

/// `command_line` split as a Go program splits it (os.Args on Windows).
std::vector<std::string> split_command_line(std::string_view command_line);

/// One command line that split_command_line (and the C runtime's rules of 2008 and later) turns
/// back into exactly `argv`: an argument without blanks or quotes as it is, any other in
/// quotes, a quote written `\"`, backslashes doubled only before a quote or the closing quote.
/// Never `""` inside quotes, where the parsers differ.
std::string join_command_line(const std::vector<std::string>& argv);

} // namespace sd::util
