#include "proxy/judge.hpp"

#include "api/request.hpp"
#include "api/request_argv.hpp"
#include "grammar/parser.hpp"
#include "policy/alternative.hpp"
#include "policy/decide.hpp"
#include "record/outcome.hpp"

#include <nlohmann/json.hpp>

namespace sd::proxy {

namespace {

Verdict
refused(unsigned status, std::string message)
{
  Verdict verdict;
  verdict.action = Verdict::Action::deny;
  verdict.status = status;
  verdict.message = std::move(message);
  verdict.decision = record::outcome_row(record::Outcome::ambiguous_request).decision;
  verdict.refusal = record::outcome_row(record::Outcome::ambiguous_request).refusal;
  return verdict;
}

// Mutating methods of routes the table does not know: a newer API, or a typo. Reads pass (the
// daemon answers them, a 404 included); anything that could change state is not passed blind.
bool
reads_only(std::string_view method)
{
  return method == "GET" || method == "HEAD";
}

} // namespace

bool
needs_body(const RequestHead& head)
{
  if (api::is_form_body(head.method, head.content_type)) {
    return true;
  }
  const auto target = api::parse_target(head.target);
  if (!target.target) {
    return false; // refused before any body is read
  }
  const auto match = api::match_route(head.method, target.target->path);
  return match.route != nullptr && match.route->body == api::BodyUse::json;
}

Verdict
judge(const policy::RuleSet& rules, const RequestHead& head, std::optional<std::string_view> body)
{
  const auto target = api::parse_target(head.target);
  if (!target.target) {
    return refused(400, "safedocker: refused an ambiguous request target (" + target.error
                          + "): the daemon could read it differently; send it in canonical form");
  }
  const auto match = api::match_route(head.method, target.target->path);
  if (match.route == nullptr) {
    if (reads_only(head.method)) {
      return {};
    }
    return refused(403, "safedocker: " + std::string(head.method) + " " + target.target->path
                          + " is not an Engine API endpoint safedocker knows; it was not passed on");
  }
  // dockerd's FormValue also reads a multipart body (the build route calls it without
  // ParseForm): options the guard would not see. No client sends one: refused.
  if (api::media_type(head.content_type).starts_with("multipart/") && !reads_only(head.method)) {
    return refused(400, "safedocker: refused a multipart/form-data body: the daemon could read options from it "
                        "that the guard does not see; send the options in the query");
  }
  std::optional<api::FormValues> body_form;
  if (api::is_form_body(head.method, head.content_type)) {
    std::string error;
    body_form = api::parse_form(body.value_or(""), error);
    if (!body_form) {
      return refused(400, "safedocker: refused a form body the daemon could read differently: " + error);
    }
  }
  const std::optional<std::string_view> json =
    match.route->body == api::BodyUse::json && !body_form ? body : std::nullopt;
  const api::ApiCall call{head.method, match, target.target->version, api::merge_form(target.target->query, body_form),
                          json};
  auto mapped = api::request_argv(call);
  Verdict verdict;
  verdict.route = match.route;
  if (!mapped.error.empty()) {
    return refused(400, "safedocker: refused a request body: " + mapped.error);
  }
  if (mapped.argv.empty()) {
    return verdict;
  }
  const std::vector<std::string_view> args(mapped.argv.begin(), mapped.argv.end());
  const auto parsed = grammar::parse(args, grammar::Face::docker);
  const auto decision = policy::decide(rules, parsed);
  verdict.argv.reserve(mapped.argv.size() + 1);
  verdict.argv.emplace_back("docker");
  verdict.argv.insert(verdict.argv.end(), mapped.argv.begin(), mapped.argv.end());
  verdict.command = parsed.path;
  verdict.decision = std::string(policy::action_name(decision.action));
  if (decision.rule != nullptr) {
    verdict.rule = decision.rule->id;
  }
  // A rewrite (stop, then remove) is the shim's to run; through the API the request is held
  // back with the same advice rather than run as something else.
  if (decision.action == policy::Action::block || decision.action == policy::Action::rewrite) {
    verdict.action = Verdict::Action::deny;
    verdict.status = 403;
    verdict.message = "safedocker: blocked by rule " + verdict.rule + ": " + verdict.argv_text();
    if (decision.rule != nullptr && !decision.rule->why.empty()) {
      verdict.message += ": " + decision.rule->why;
    }
    // A program sends the request: nobody is there to answer a prompt.
    const auto steps = policy::fill_alternative(decision, parsed, "docker", policy::Attendance::unattended);
    if (!steps.empty()) {
      verdict.message += "; instead: " + policy::format_steps(steps);
    }
    // Real clients force every removal (Compose down, Ryuk, the SDKs' cleanup): its effect
    // decides, not the flag.
    if (mapped.force && mapped.container && match.route->operation == "ContainerDelete"
        && (decision.rule == nullptr || decision.rule->api_running == policy::ApiRunning::stop)) {
      verdict.graceful_container = mapped.container;
      verdict.grace_seconds = decision.rule != nullptr ? decision.rule->grace_seconds : 10;
    }
  }
  return verdict;
}

std::string
Verdict::argv_text() const
{
  return policy::format_steps({argv});
}

std::string
error_body(std::string_view message)
{
  return nlohmann::json{{"message", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace sd::proxy
