#include "record/outcome.hpp"

#include "util/exit_codes.hpp"

namespace sd::record {

const OutcomeRow k_outcomes[11] = {
  {Outcome::allow, "allow", "", -1, "the rules allowed it; docker ran"},
  {Outcome::warn, "warn", "", -1, "a rule warned; docker ran"},
  {Outcome::block, "block", "", exit_code::k_blocked, "a rule blocked it; nothing ran"},
  {Outcome::rewrite, "rewrite", "", -1, "a rule ran its safe steps instead"},
  {Outcome::bypass, "bypass", "", -1, "SAFEDOCKER_BYPASS=1 ran a call a rule blocks"},
  {Outcome::slot_timeout, "refused", "slot_timeout", exit_code::k_slot_timeout,
   "no slot of its daemon came free in time; nothing ran"},
  {Outcome::breaker_open, "refused", "breaker_open", exit_code::k_breaker_open,
   "its daemon's circuit breaker was open; nothing ran"},
  {Outcome::daemon_unreachable, "refused", "daemon_unreachable", -1,
   "the API guard could not reach the daemon, or it did not answer (502)"},
  {Outcome::ambiguous_request, "refused", "ambiguous_request", -1,
   "the API guard refused a request the daemon could read differently (400)"},
  {Outcome::malformed_request, "refused", "malformed_request", -1,
   "the API guard refused a request that is not HTTP/1.1 (400)"},
  {Outcome::request_too_large, "refused", "request_too_large", -1,
   "the API guard refused a body over the size it reads to decide (413)"},
};

const OutcomeRow&
outcome_row(Outcome outcome)
{
  // The table is in the enum's order (a unit test holds it so).
  return k_outcomes[static_cast<std::size_t>(outcome)];
}

} // namespace sd::record
