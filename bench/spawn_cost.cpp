// bench/spawn_cost.cpp PROGRAM [RUNS]
// What starting the real docker costs per call: safedocker's run::spawn_and_wait (posix_spawn,
// signal forwarding) against Boost.Process v1's child(...).wait() (fork + exec), starting the
// same tiny program RUNS times each, interleaved in rounds so machine noise hits both alike.
// Prints the median and p90 wall time per start+wait in microseconds.

#include "run/spawn.hpp"

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double
micros_since(Clock::time_point start)
{
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

void
print(const char* name, std::vector<double>& samples)
{
  std::sort(samples.begin(), samples.end());
  std::printf("%-32s runs %5zu  median %8.1f us  p90 %8.1f us\n", name, samples.size(), samples[samples.size() / 2],
              samples[samples.size() * 9 / 10]);
}

} // namespace

int
main(int argc, char** argv)
{
  if (argc < 2) {
    std::fputs("usage: bench_spawn_cost PROGRAM [RUNS]\n", stderr);
    return 2;
  }
  const std::string program = argv[1];
  const int runs = argc > 2 ? std::atoi(argv[2]) : 2000;
  std::vector<double> posix;
  std::vector<double> boost;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    if (sd::run::spawn_and_wait(program, {program}).status != 0) {
      std::fputs("spawn_and_wait: the program failed\n", stderr);
      return 1;
    }
    posix.push_back(micros_since(start));
    start = Clock::now();
    boost::process::child child(boost::process::exe = program);
    child.wait();
    if (child.exit_code() != 0) {
      std::fputs("boost::process: the program failed\n", stderr);
      return 1;
    }
    boost.push_back(micros_since(start));
  }
  print("run::spawn_and_wait (posix_spawn)", posix);
  print("boost::process::child (v1)", boost);
  return 0;
}
