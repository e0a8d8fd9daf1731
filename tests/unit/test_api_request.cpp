#include "api/go_text.hpp"
#include "api/request.hpp"

#include <doctest/doctest.h>

using namespace sd::api;

namespace {

/// The query of `target`, which must parse.
FormValues
query_of(std::string_view target)
{
  const auto parsed = parse_target(target);
  INFO(target << ": " << parsed.error);
  REQUIRE(parsed.target);
  return parsed.target->query;
}

bool
force_in(std::string_view target)
{
  return form_bool(query_of(target).get("force"));
}

std::string
refusal(std::string_view target)
{
  const auto parsed = parse_target(target);
  CHECK_FALSE(parsed.target);
  return parsed.error;
}

} // namespace

TEST_CASE("api request: booleans as dockerd reads them, first value of a repeated key")
{
  CHECK_FALSE(force_in("/containers/x?force=0&force=1"));
  CHECK(force_in("/containers/x?force=1&force=0"));
  CHECK(force_in("/containers/x?force=%74rue"));
  CHECK(force_in("/containers/x?force=yes"));
  CHECK(force_in("/containers/x?force=True"));
  CHECK(force_in("/containers/x?force=2"));
  CHECK_FALSE(force_in("/containers/x?force="));
  CHECK_FALSE(force_in("/containers/x?force"));
  CHECK_FALSE(force_in("/containers/x"));
  CHECK_FALSE(force_in("/containers/x?force=+No+")); // '+' is a space, trimmed
  CHECK_FALSE(force_in("/containers/x?force=NONE"));
  CHECK_FALSE(force_in("/containers/x?force=%C2%A0false%E3%80%80")); // Unicode spaces trimmed
  CHECK(force_in("/containers/x?force=n%C3%B6"));
  CHECK(force_in("/containers/x?Force=0&force=x")); // keys are case-sensitive
  CHECK_FALSE(force_in("/containers/x?other=1"));
}

TEST_CASE("api request: forms decoded as Go's url.ParseQuery")
{
  std::string error;
  const auto form = parse_form("a=1&&b&c=x+y%21&a=2&=v", error);
  REQUIRE(form);
  CHECK(form->items.size() == 5);
  CHECK(form->get("a") == "1");
  CHECK(form->get("b") == "");
  CHECK(form->has("b"));
  CHECK(form->get("c") == "x y!");
  CHECK(form->get("") == "v");
  CHECK_FALSE(form->get("d"));

  CHECK_FALSE(parse_form("force=0;force=1", error));
  CHECK(error.find("';'") != std::string::npos);
  CHECK_FALSE(parse_form("force=%7", error));
  CHECK_FALSE(parse_form("force=%zz", error));
  CHECK_FALSE(parse_form("%", error));
  CHECK(parse_form("%41=%42", error)->get("A") == "B");

  std::string many;
  for (std::size_t i = 0; i <= k_max_form_fields; ++i) {
    many += "a=1&";
  }
  CHECK_FALSE(parse_form(many, error));
}

TEST_CASE("api request: a form body wins over the query on POST, PUT and PATCH")
{
  std::string error;
  const auto query = query_of("/swarm/leave?force=0");
  const auto body = parse_form("force=1", error);
  CHECK(form_bool(merge_form(query, body).get("force")));
  CHECK_FALSE(form_bool(merge_form(query, std::nullopt).get("force")));
  CHECK(merge_form(query, body).items.size() == 2);

  CHECK(is_form_body("POST", "application/x-www-form-urlencoded"));
  CHECK(is_form_body("PUT", " Application/X-WWW-Form-URLencoded ; charset=utf-8"));
  CHECK(is_form_body("PATCH", "appl\xC4\xB0"
                              "cation/x-www-form-urlencoded")); // Go lowers 'İ' to 'i'
  CHECK_FALSE(is_form_body("DELETE", "application/x-www-form-urlencoded"));
  CHECK_FALSE(is_form_body("POST", "application/json"));
  CHECK_FALSE(is_form_body("POST", ""));
}

TEST_CASE("api request: targets routed as dockerd routes them")
{
  const auto parsed = parse_target("/v1.41/containers/a%20b/json?all=1");
  REQUIRE(parsed.target);
  CHECK(parsed.target->path == "/containers/a b/json");
  CHECK(parsed.target->version == "1.41");
  CHECK(parsed.target->query.get("all") == "1");

  CHECK(parse_target("/containers/json").target->path == "/containers/json");
  CHECK_FALSE(parse_target("/containers/json").target->version);
  CHECK(parse_target("/version").target->path == "/version");
  CHECK(parse_target("/volumes/v1.2").target->path == "/volumes/v1.2");
  CHECK(parse_target("/v1/_ping").target->version == "1");
  CHECK(parse_target("/v1.41").target->path == "/v1.41"); // no route: the daemon's 404
  CHECK(parse_target("/networks/").target->path == "/networks/");
  CHECK(parse_target("/containers/x?").target->query.items.empty());
  CHECK(parse_target("/images/a+b/json").target->path == "/images/a+b/json"); // '+' is '+' in a path
  CHECK(parse_target("/v1.41/v1.40/x").target->path == "/v1.40/x");           // one prefix only
}

TEST_CASE("api request: ambiguous targets are refused")
{
  CHECK(refusal("/v1.41/containers/a%2Fb/json") == "encoded '/' in the path");
  CHECK(refusal("/containers/a%2fb/json") == "encoded '/' in the path");
  CHECK(refusal("/containers/../x") == "dot segment in the path");
  CHECK(refusal("/containers/./x") == "dot segment in the path");
  CHECK(refusal("/containers/%2E%2E/x") == "dot segment in the path");
  CHECK(refusal("/containers/x/..") == "dot segment in the path");
  CHECK(refusal("//containers/x") == "empty segment ('//') in the path");
  CHECK(refusal("/containers//x") == "empty segment ('//') in the path");
  CHECK(refusal("/containers/a%5Cb") == "'\\' in the path");
  CHECK(refusal("/containers/a\\b") == "'\\' in the path");
  CHECK(refusal("/containers/a%00b") == "NUL in the path");
  CHECK(refusal("/containers/a%0Ab") == "control character in the path");
  CHECK(refusal("/containers/a\nb") == "control character in the target");
  CHECK(refusal("/containers/a%zzb") == "bad percent escape in the path");
  CHECK(refusal("/containers/a%4") == "bad percent escape in the path");
  CHECK(refusal("/containers/x?force=0;force=1").find("';'") != std::string::npos);
  CHECK(refusal("/containers/x?force=%") == "bad percent escape in the query or form");
  CHECK(refusal("/containers/x#frag") == "fragment ('#') in the target");
  CHECK(refusal("containers/x") == "not an origin-form target (must start with '/')");
  CHECK(refusal("http://localhost/containers/x") == "not an origin-form target (must start with '/')");
  CHECK(refusal("*") == "not an origin-form target (must start with '/')");
  CHECK(refusal("") == "not an origin-form target (must start with '/')");
  CHECK(refusal("/v1..41/containers/json") == "malformed API version '1..41'");
  CHECK(refusal("/v./containers/json") == "malformed API version '.'");
  CHECK(refusal("/v1.41./containers/json") == "malformed API version '1.41.'");
}

TEST_CASE("api request: Go's TrimSpace, ToLower and key folding")
{
  CHECK(go_trim_space(" \t\r\n\v\fa b\xC2\x85\xE2\x80\x8A") == "a b");
  CHECK(go_trim_space("\xE2\x80\x8B"
                      "a")
        == "\xE2\x80\x8B"
           "a"); // U+200B is not a space to Go
  CHECK(go_trim_space("") == "");
  CHECK(go_to_lower("FaLsE") == "false");
  CHECK(go_to_lower("\xE2\x84\xAA") == "k");
  CHECK(go_fold_key("TaSk\xC5\xBF") == "tasks");
  CHECK(go_fold_key("\xE2\x84\xAA") == "k");
}
