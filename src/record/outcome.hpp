#pragma once

#include <cstdint>
#include <string_view>

// What became of a call or an API request: one row per outcome, the one place where its
// recorded decision, its reason when it was refused, and safedocker's own exit status are
// written. The shim, the API guard, the audit writer and `guard stats` all take them from here.

namespace sd::record {

enum class Outcome : std::uint8_t {
  allow,
  warn,
  block,
  rewrite,
  bypass,
  slot_timeout,
  breaker_open,
  daemon_unreachable,
  ambiguous_request,
  malformed_request,
  request_too_large,
};

struct OutcomeRow
{
  Outcome outcome;
  std::string_view decision; ///< the record's "decision"
  std::string_view refusal;  ///< the record's "refusal": why nothing ran though the rules allowed it; empty otherwise
  int exit_code;             ///< the shim's own exit status; -1: docker's (or, for the API guard, an HTTP status)
  std::string_view meaning;  ///< for people: guard stats, the manual
};

/// Every outcome, in the order guard stats lists them.
extern const OutcomeRow k_outcomes[11];

const OutcomeRow& outcome_row(Outcome outcome);

} // namespace sd::record
