#include "run/program_arguments.hpp"

namespace sd::run {

std::vector<std::string>
program_arguments(int argc, char** argv)
{
  return std::vector<std::string>(argv, argv + argc);
}

std::string_view
program_name(std::string_view argv0)
{
  const auto slash = argv0.rfind('/');
  return slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
}

} // namespace sd::run
