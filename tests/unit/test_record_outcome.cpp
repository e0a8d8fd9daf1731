#include "policy/rule.hpp"
#include "record/audit_record.hpp"
#include "record/outcome.hpp"
#include "util/exit_codes.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace sd;

TEST_CASE("outcome table: in the enum's order; the rules' decisions; refusals named, with distinct shim exits")
{
  std::set<std::string> decisions;
  std::set<std::string> refusals;
  std::set<int> refusal_exits;
  for (std::size_t i = 0; i < std::size(record::k_outcomes); ++i) {
    const auto& row = record::k_outcomes[i];
    CHECK(static_cast<std::size_t>(row.outcome) == i); // outcome_row() indexes by the enum
    CHECK(&record::outcome_row(row.outcome) == &row);
    CHECK_FALSE(row.meaning.empty());
    decisions.emplace(row.decision);
    if (row.decision == "refused") {
      CHECK_FALSE(row.refusal.empty());
      CHECK(refusals.emplace(row.refusal).second);
      if (row.exit_code != -1) {
        CHECK(refusal_exits.insert(row.exit_code).second);
      }
    } else {
      CHECK(row.refusal.empty());
    }
  }
  for (const auto action :
       {policy::Action::allow, policy::Action::warn, policy::Action::block, policy::Action::rewrite}) {
    CHECK(decisions.count(std::string(policy::action_name(action))) == 1);
  }
  CHECK(record::outcome_row(record::Outcome::slot_timeout).exit_code == exit_code::k_slot_timeout);
  CHECK(record::outcome_row(record::Outcome::breaker_open).exit_code == exit_code::k_breaker_open);

  record::AuditRecord entry;
  entry.decision = "allow";
  record::set_outcome(entry, record::Outcome::breaker_open);
  CHECK(entry.decision == "refused");
  CHECK(entry.refusal == "breaker_open");
  const auto line = record::format_record(entry, record::RecordContext{});
  CHECK(line.find(R"("decision":"refused","refusal":"breaker_open")") != std::string::npos);
}
