#include "scan/report.hpp"
#include "test_scan_support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace sd::scan;
using nlohmann::json;

namespace {

ScanResult
sample()
{
  ScanResult result;
  // The kill warning is suppressed, by a suppression that is a finding itself: no reason.
  result.findings =
    check_text("ci/dé ploy.sh", "docker rm -fv web\ndocker kill x # safedocker: allow kill\ndocker kill y\n",
               FileKind::shell, test::default_rules(), Warnings::yes);
  result.files_scanned = 1;
  result.bytes_scanned = 57;
  return result;
}

// The properties SARIF 2.1.0's schema requires, and the types it gives them, for what we write.
void
check_sarif_shape(const json& log)
{
  REQUIRE(log.is_object());
  CHECK(log.at("$schema") == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log.at("version") == "2.1.0"); // required, enum ["2.1.0"]
  REQUIRE(log.at("runs").is_array());  // required
  for (const auto& run : log.at("runs")) {
    const auto& driver = run.at("tool").at("driver"); // run.tool and tool.driver required
    CHECK(driver.at("name").is_string());             // toolComponent.name required
    for (const auto& rule : driver.value("rules", json::array())) {
      CHECK(rule.at("id").is_string()); // reportingDescriptor.id required
      if (rule.contains("shortDescription")) {
        CHECK(rule.at("shortDescription").at("text").is_string()); // multiformatMessageString.text required
      }
    }
    if (run.contains("columnKind")) {
      CHECK((run.at("columnKind") == "utf16CodeUnits" || run.at("columnKind") == "unicodeCodePoints"));
    }
    const auto bases = run.value("originalUriBaseIds", json::object());
    for (const auto& base : bases) {
      CHECK(base.at("uri").get<std::string>().starts_with("file:///"));
      CHECK(base.at("uri").get<std::string>().ends_with("/")); // a base URI names a directory
    }
    for (const auto& result : run.at("results")) {
      const auto& message = result.at("message"); // result.message required
      CHECK((message.contains("text") || message.contains("id")));
      CHECK((result.at("level") == "none" || result.at("level") == "note" || result.at("level") == "warning"
             || result.at("level") == "error"));
      CHECK(result.at("ruleId").is_string());
      CHECK(result.at("ruleIndex").get<std::size_t>() < driver.at("rules").size());
      CHECK(driver.at("rules")[result.at("ruleIndex").get<std::size_t>()].at("id") == result.at("ruleId"));
      for (const auto& location : result.at("locations")) {
        const auto& physical = location.at("physicalLocation");
        CHECK((physical.contains("artifactLocation") || physical.contains("address")));
        const auto uri = physical.at("artifactLocation").at("uri").get<std::string>();
        CHECK(uri.find_first_of(" \\") == std::string::npos); // a URI reference
        const auto& region = physical.at("region");
        CHECK(region.at("startLine").get<int>() >= 1); // minimum 1
        CHECK(region.at("startColumn").get<int>() >= 1);
      }
    }
  }
}

} // namespace

TEST_CASE("scan report: text is FILE:LINE:COL: RULE: MESSAGE and an instead line")
{
  const auto text = render_text(sample());
  CHECK(
    text
    == "ci/dé ploy.sh:1:1: force-rm: `docker rm -fv web` uses -fv: --force kills a running container with SIGKILL: its "
       "processes get no chance to shut down cleanly\n"
       "  instead: docker stop web && docker rm -v web\n"
       "ci/dé ploy.sh:2:15: suppression-without-reason: the suppression of kill gives no reason\n"
       "  instead: # safedocker: allow kill -- REASON\n"
       "ci/dé ploy.sh:3:1: kill (warning): `docker kill y`: kill sends SIGKILL by default; stop sends SIGTERM first "
       "and "
       "waits for a clean exit\n"
       "  instead: docker stop -t 10 y\n");
}

TEST_CASE("scan report: JSON has every field")
{
  const auto out = json::parse(render_json(sample()));
  CHECK(out.at("files_scanned") == 1);
  CHECK(out.at("bytes_scanned") == 57);
  REQUIRE(out.at("findings").size() == 3);
  const auto& first = out.at("findings")[0];
  CHECK(first.at("file") == "ci/dé ploy.sh");
  CHECK(first.at("line") == 1);
  CHECK(first.at("column") == 1);
  CHECK(first.at("rule") == "force-rm");
  CHECK(first.at("level") == "error");
  CHECK(first.at("token") == "-fv");
  CHECK(first.at("command") == "container rm");
  CHECK(first.at("alternative") == "docker stop web && docker rm -v web");
  CHECK(first.at("argv") == json::array({"docker", "rm", "-fv", "web"}));
  CHECK(first.at("message").get<std::string>().starts_with("`docker rm -fv web`"));
  CHECK(out.at("findings")[1].at("token").is_null());
  CHECK(out.at("findings")[1].at("rule") == "suppression-without-reason");
}

TEST_CASE("scan report: SARIF 2.1.0 shape")
{
  const auto log = json::parse(render_sarif(sample(), "/work/my repo"));
  check_sarif_shape(log);
  const auto& run = log.at("runs")[0];
  CHECK(run.at("tool").at("driver").at("name") == "safedocker");
  CHECK(run.at("tool").at("driver").at("rules").size() == 3);
  CHECK(run.at("results").size() == 3);
  CHECK(run.at("originalUriBaseIds").at("SRCROOT").at("uri") == "file:///work/my%20repo/");
  const auto& result = run.at("results")[0];
  CHECK(result.at("ruleId") == "force-rm");
  CHECK(result.at("level") == "error");
  CHECK(run.at("results")[2].at("level") == "warning");
  CHECK(run.at("results")[2].at("ruleId") == "kill");
  const auto& physical = result.at("locations")[0].at("physicalLocation");
  CHECK(physical.at("artifactLocation").at("uri") == "ci/d%C3%A9%20ploy.sh");
  CHECK(physical.at("artifactLocation").at("uriBaseId") == "SRCROOT");
  CHECK(physical.at("region").at("startLine") == 1);
  CHECK(physical.at("region").at("startColumn") == 1);
  // An empty scan is a valid log too.
  check_sarif_shape(json::parse(render_sarif(ScanResult{}, "/")));
}

TEST_CASE("scan report: URI references")
{
  CHECK(uri_reference("a/b-c_d.e~f") == "a/b-c_d.e~f");
  CHECK(uri_reference("a b#c?d%") == "a%20b%23c%3Fd%25");
}
