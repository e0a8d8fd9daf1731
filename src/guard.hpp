#pragma once

#include "grammar/parser.hpp"

#include <span>
#include <string_view>

namespace sd {

/// The whole program: picks the face from argv[0], runs a `guard` verb or guards one docker call.
int main(int argc, char** argv);

/// Guards one docker call: rules → parse → decide → find docker → run. Returns the exit status.
/// `program` is the name the user typed (docker, docker-compose, safedocker).
int guard_docker_call(grammar::Face face, std::string_view program, std::span<const std::string_view> args);

} // namespace sd
