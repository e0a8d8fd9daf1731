#pragma once

#include "grammar/parser.hpp"
#include "scan/shell_lexer.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

// What a simple command runs: the program word behind assignments, reserved words and
// wrappers such as sudo, env and xargs; whether that program is docker; whether it reads shell
// code (sh -c, eval, ssh, a shell reading a here-document).

namespace sd::scan {

/// Details of the language around the shell text that change what a command means.
enum class Dialect : std::uint8_t {
  shell,      ///< scripts, Makefile recipes, CI YAML, Python strings
  bats,       ///< also bats' `run [OPTIONS] COMMAND…` helper
  dockerfile, ///< also a RUN here-document with no command: its body is the script
};

/// The index in `words` of the program the command runs, past assignments (`A=b`), reserved
/// words (`if`, `then`, `!`, `{`, …) and wrappers with their options (`sudo`, `doas`, `env`,
/// `time`, `nice`, `nohup`, `exec`, `command`, `builtin`, `timeout`, `xargs`, `stdbuf`,
/// `setsid`, `ionice`). nullopt when no program can be named: only assignments, `command -v`,
/// a `for`, `case`, `select` or `function` header, or a wrapper with nothing after it.
std::optional<std::size_t> program_index(std::span<const Word> words, Dialect dialect);

/// The face for a `docker` or `docker-compose` program word, by its base name (so
/// `/usr/bin/docker` counts); nullopt for anything else, and for a word with an expansion.
std::optional<grammar::Face> docker_face(const Word& program);

/// How a program takes shell code.
struct ShellInput
{
  enum class Kind : std::uint8_t {
    none,           ///< it does not run shell code we can see
    stdin_script,   ///< a shell reading its script from stdin (`bash`, `sh -s`, `ssh HOST`)
    command_string, ///< words[first, last) joined by spaces are shell code (`sh -c`, `eval`, `ssh HOST CMD…`)
  };
  Kind kind = Kind::none;
  std::size_t first = 0;
  std::size_t last = 0;
};

/// Whether the program at words[program] runs shell code, and where that code is.
ShellInput shell_input(std::span<const Word> words, std::size_t program);

/// The part of `word` after its last slash.
std::string_view base_name(std::string_view word);

} // namespace sd::scan
