#define DOCTEST_CONFIG_IMPLEMENT
#include "run/own_path.hpp"
#include "test_roles.hpp"

#include <doctest/doctest.h>

#include <string_view>

// `sd_unit --role NAME ARGS…` runs one role of a test's child process (test_roles.hpp): the
// tests that need several processes start the test binary itself, which every platform can
// (no fork on Windows). Anything else runs the doctest cases.
int
main(int argc, char** argv)
{
  sd::run::note_program_name(argc > 0 ? argv[0] : nullptr); // where own_path() needs it
  if (argc >= 3 && std::string_view(argv[1]) == "--role") {
    return sd::testing::run_role(argv[2], argc - 3, argv + 3);
  }
  return doctest::Context(argc, argv).run();
}
