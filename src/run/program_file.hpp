#pragma once

#include "run/find_program.hpp"

#include <optional>
#include <string>
#include <string_view>

// The platform's half of find_program.hpp: what a program file is and how it is named.

namespace sd::run {

/// The identity of an executable regular file at `path` (links followed), or nullopt: one we
/// may execute (POSIX); on Windows a NAME.exe file (.bat and .cmd files run through cmd.exe,
/// whose own parsing would undo the argv's quoting).
std::optional<FileId> executable_file_id(const std::string& path);

/// The file of program `name` in directory `dir`: DIR/NAME; on Windows DIR\NAME.exe.
std::string program_in(std::string_view dir, std::string_view name);

} // namespace sd::run
