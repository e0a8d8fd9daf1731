#include "run/inherited_slot.hpp"

#include "admission/slots.hpp"
#include "run/process_tree.hpp"
#include "util/environment.hpp"
#include "util/process_identity.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>

namespace sd::run {

namespace {

struct SlotClaim
{
  std::string_view dir_name;
  int slot = -1;
  std::int64_t pid = 0;
};

std::optional<SlotClaim>
parse_claim(std::string_view text)
{
  const auto first = text.find('/');
  const auto second = first == std::string_view::npos ? first : text.find('/', first + 1);
  if (second == std::string_view::npos) {
    return std::nullopt;
  }
  SlotClaim claim{text.substr(0, first)};
  const auto slot = text.substr(first + 1, second - first - 1);
  const auto pid = text.substr(second + 1);
  if (std::from_chars(slot.data(), slot.data() + slot.size(), claim.slot).ptr != slot.data() + slot.size()
      || std::from_chars(pid.data(), pid.data() + pid.size(), claim.pid).ptr != pid.data() + pid.size()
      || claim.slot < 0 || claim.slot >= 1000) {
    return std::nullopt;
  }
  return claim;
}

// The claims other than the one for `dir_name`, as inherited (a nested call to a second daemon
// keeps its ancestor's claim on the first).
std::string
other_claims(std::string_view dir_name)
{
  const char* value = std::getenv(k_slot_variable);
  std::string out;
  for (std::string_view rest = value != nullptr ? value : ""; !rest.empty();) {
    const auto comma = rest.find(',');
    const auto item = rest.substr(0, comma);
    if (!item.empty() && !item.starts_with(std::string(dir_name) + "/")) {
      out += (out.empty() ? "" : ",") + std::string(item);
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return out;
}

void
set_claims(const std::string& value)
{
  if (value.empty()) {
    util::unset_environment(k_slot_variable);
  } else {
    util::set_environment(k_slot_variable, value);
  }
}

} // namespace

void
mark_slot_for_children(std::string_view dir_name, int slot)
{
  auto value = other_claims(dir_name);
  value += (value.empty() ? "" : ",") + std::string(dir_name) + "/" + std::to_string(slot) + "/"
           + std::to_string(util::own_pid());
  set_claims(value);
}

void
unmark_slot_for_children(std::string_view dir_name)
{
  set_claims(other_claims(dir_name));
}

bool
runs_under_ancestor_slot(const admission::StateDir& dir, std::string_view dir_name, int slots)
{
  const char* value = std::getenv(k_slot_variable);
  return claims_hold(dir, dir_name, slots, value != nullptr ? value : "", util::own_pid());
}

std::optional<std::int64_t>
ancestor_claim(std::string_view dir_name)
{
  const char* value = std::getenv(k_slot_variable);
  return ancestor_claim(dir_name, value != nullptr ? value : "", util::own_pid());
}

std::optional<std::int64_t>
ancestor_claim(std::string_view dir_name, std::string_view claims, std::int64_t pid)
{
  for (std::string_view rest = claims; !rest.empty();) {
    const auto comma = rest.find(',');
    if (const auto claim = parse_claim(rest.substr(0, comma)); claim && claim->dir_name == dir_name) {
      return is_ancestor_of(claim->pid, pid) ? std::optional(claim->pid) : std::nullopt;
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return std::nullopt;
}

bool
claims_hold(const admission::StateDir& dir, std::string_view dir_name, int slots, std::string_view claims,
            std::int64_t pid)
{
  std::optional<SlotClaim> claim;
  for (std::string_view rest = claims; !rest.empty() && !claim;) {
    const auto comma = rest.find(',');
    claim = parse_claim(rest.substr(0, comma));
    if (claim && claim->dir_name != dir_name) {
      claim.reset();
    }
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (!claim || !is_ancestor_of(claim->pid, pid)) {
    return false;
  }
  const auto holders = admission::list_holders(dir, std::max(slots, claim->slot + 1));
  return std::any_of(holders.begin(), holders.end(),
                     [&](const auto& holder) { return holder.slot == claim->slot && holder.pid == claim->pid; });
}

} // namespace sd::run
