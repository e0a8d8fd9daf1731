#pragma once

#include <string>
#include <vector>

// The seam between housekeeping and docker: a call is an argv (without the program) in, a
// status and the captured output out. The real one goes through admission and the audit log;
// tests give a fake.

namespace sd::housekeeping {

struct DockerReply
{
  int status = 0; ///< docker's exit status
  std::string out;
  std::string err;
  /// Non-zero when the call did not run: safedocker's exit code (204 no slot, 205 breaker open,
  /// 200 blocked by the rules, 203 could not start docker). The pass stops with it.
  int refused = 0;
};

class DockerCalls
{
public:
  virtual ~DockerCalls() = default;
  /// Runs `docker ARGS…` to completion and returns what it printed.
  virtual DockerReply call(const std::vector<std::string>& args) = 0;
};

} // namespace sd::housekeeping
