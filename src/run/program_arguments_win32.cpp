#include "run/program_arguments.hpp"

#include "util/command_line.hpp"
#include "util/utf16.hpp"

#include <windows.h>

#include <cctype>

namespace sd::run {

std::vector<std::string>
program_arguments(int, char**)
{
  // Not the C runtime's argv: its rules differ from Go's, and it is in the ANSI code page.
  return util::split_command_line(util::from_utf16(::GetCommandLineW()));
}

std::string_view
program_name(std::string_view argv0)
{
  const auto separator = argv0.find_last_of("\\/");
  auto name = separator == std::string_view::npos ? argv0 : argv0.substr(separator + 1);
  if (name.size() > 4) {
    std::string tail(name.substr(name.size() - 4));
    for (char& c : tail) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (tail == ".exe") {
      name.remove_suffix(4);
    }
  }
  return name;
}

} // namespace sd::run
