#include "run/find_program.hpp"
#include "util/environment.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

TEST_CASE("child markers: a process that marks its children again does not deepen their nesting")
{
  // The test process was not started by safedocker: depth 0, so its children are at 1 however
  // many times it marks (the scheduler marks once per measurement).
  REQUIRE(std::getenv("SAFEDOCKER_DEPTH") == nullptr);
  const auto self = sd::run::ProgramChoice{"/bin/true", sd::run::self_id(), "test"};
  for (int i = 0; i < 10; ++i) {
    sd::run::mark_child_environment(self);
  }
  CHECK(std::string(std::getenv("SAFEDOCKER_DEPTH")) == "1");
  sd::util::unset_environment("SAFEDOCKER_DEPTH");
  sd::util::unset_environment("SAFEDOCKER_SPAWNED");
}
