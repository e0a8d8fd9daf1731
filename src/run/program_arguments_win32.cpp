#include "run/program_arguments.hpp"

#include "util/command_line.hpp"
#include "util/utf16.hpp"
#include "util/windows_support.hpp"

#include <windows.h>

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
  if (name.size() > 4 && util::has_exe_suffix(name)) {
    name.remove_suffix(4);
  }
  return name;
}

} // namespace sd::run
