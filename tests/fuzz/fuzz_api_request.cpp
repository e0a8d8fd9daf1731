// libFuzzer target: the API guard's pure layer over arbitrary requests: target, form, route,
// command line, and the grammar reading that command line back.
// Input: one byte (low bits: the method; 0x80: the body is a form), the target up to the
// first '\n', then the body (a form or JSON).

#include "api/request_argv.hpp"
#include "grammar/parser.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static constexpr std::array<std::string_view, 7> k_methods = {"GET",  "POST",  "PUT",    "DELETE",
                                                                "HEAD", "PATCH", "OPTIONS"};
  if (size == 0) {
    return 0;
  }
  const auto method = k_methods[(data[0] & 0x7f) % k_methods.size()];
  const bool form_body = (data[0] & 0x80) != 0;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto newline = text.find('\n');
  const auto raw_target = text.substr(0, newline);
  const auto body = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);

  const auto parsed = sd::api::parse_target(raw_target);
  if (!parsed.target) {
    if (parsed.error.empty()) {
      __builtin_trap(); // a refusal always says why
    }
    return 0;
  }
  const auto& target = *parsed.target;
  if (target.path.empty() || target.path.front() != '/' || target.path.find("//") != std::string::npos) {
    __builtin_trap();
  }
  std::optional<sd::api::FormValues> body_form;
  std::string error;
  if (form_body) {
    body_form = sd::api::parse_form(body, error);
  }
  sd::api::ApiCall call;
  call.method = method;
  call.match = sd::api::match_route(method, target.path);
  call.form = sd::api::merge_form(target.query, body_form);
  if (target.version) {
    call.version = *target.version;
  }
  if (!form_body) {
    call.json = body;
  }
  const auto mapped = sd::api::request_argv(call);
  if (mapped.argv.empty() || !mapped.error.empty()) {
    return 0;
  }
  // A mapped command line must read back as the command it names, with no flag errors, and
  // carry --force only when the request forces.
  const std::vector<std::string_view> args(mapped.argv.begin(), mapped.argv.end());
  const auto command = sd::grammar::parse(args, sd::grammar::Face::docker);
  if (command.kind != sd::grammar::CommandKind::known || !command.errors.empty()
      || (command.is_set("force") && !mapped.force)) {
    __builtin_trap();
  }
  return 0;
}
