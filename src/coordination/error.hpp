#pragma once

#include <stdexcept>

// Redis could not be used: not reachable within coordination.connect_timeout_ms, refused the
// password, or answered something else than the scripts expect. The caller then runs as
// coordination.on_unavailable says (degraded to this host's own slots, or refused).

namespace sd::coordination {

class CoordinationError : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

} // namespace sd::coordination
