#include "scan/check_text.hpp"
#include "scan/suppression.hpp"
#include "test_scan_support.hpp"

#include <doctest/doctest.h>

using namespace sd::scan;
using Calls = std::vector<std::string>;

namespace {

Calls
findings(std::string_view text, FileKind kind = FileKind::shell)
{
  Calls out;
  for (const auto& finding : check_text("t", text, kind, test::default_rules(), Warnings::no)) {
    out.push_back(std::to_string(finding.line) + ":" + std::to_string(finding.column) + " " + finding.rule);
  }
  return out;
}

} // namespace

TEST_CASE("scan suppression: parsing the comment")
{
  const std::string_view text = "docker rm -f a # safedocker: allow force-rm -- the test fixture is throwaway\n"
                                "# safedocker: allow force-rm,force-prune\n"
                                "  #safedocker:allow   force\n"
                                "echo '# safedocker: deny x'\n"
                                "# safedocker: allow\n";
  const LineIndex lines(text);
  const auto found = find_suppressions(text, lines);
  REQUIRE(found.size() == 4);
  CHECK(found[0].line == 1);
  CHECK(found[0].column == 16);
  CHECK(found[0].covers == 1);
  CHECK(found[0].rules == std::vector<std::string>{"force-rm"});
  CHECK(found[0].reason == "the test fixture is throwaway");
  CHECK(found[1].covers == 4); // past the comment line below it
  CHECK(found[1].rules == std::vector<std::string>{"force-rm", "force-prune"});
  CHECK(found[1].reason.empty());
  CHECK(found[2].rules == std::vector<std::string>{"force"});
  CHECK(found[3].rules.empty());
}

TEST_CASE("scan suppression: same line, line before, and only the named rule")
{
  CHECK(findings("docker rm -f a # safedocker: allow force-rm -- throwaway CI container\n").empty());
  CHECK(findings("# safedocker: allow force-rm -- throwaway\ndocker rm -f a\ndocker rm -f b\n")
        == Calls{"3:1 force-rm"});
  CHECK(findings("# safedocker: allow force-prune -- nightly job\n# more words\ndocker system prune -af\n").empty());
  CHECK(findings("# safedocker: allow force-prune -- wrong rule\ndocker rm -f a\n") == Calls{"2:1 force-rm"});
  CHECK(findings("# safedocker: allow force-rm -- blank line in between\n\ndocker rm -f a\n") == Calls{"3:1 force-rm"});
  CHECK(
    findings("docker rm -f a && docker system prune -af  # safedocker: allow force-rm, force-prune -- both\n").empty());
}

TEST_CASE("scan suppression: a suppression without a reason is itself a finding")
{
  CHECK(findings("docker rm -f a  # safedocker: allow force-rm\n") == Calls{"1:17 suppression-without-reason"});
  CHECK(findings("docker rm -f a  # safedocker: allow force-rm --   \n") == Calls{"1:17 suppression-without-reason"});
  CHECK(findings("# safedocker: allow -- no rule named\ndocker rm -f a\n")
        == Calls{"1:1 suppression-without-rule", "2:1 force-rm"});
  const auto list = check_text("t", "docker rm -f a  # safedocker: allow force-rm\n", FileKind::shell,
                               test::default_rules(), Warnings::no);
  REQUIRE(list.size() == 1);
  CHECK(list[0].alternative == "# safedocker: allow force-rm -- REASON");
}

TEST_CASE("scan suppression: works in every file type's comments")
{
  CHECK(findings("script:\n  # safedocker: allow force-rm -- review app teardown\n  - docker rm -f review\n",
                 FileKind::yaml)
          .empty());
  CHECK(
    findings("clean:\n\t# safedocker: allow force-prune -- CI runner\n\tdocker system prune -af\n", FileKind::makefile)
      .empty());
  CHECK(
    findings("# safedocker: allow force-rm -- image build step\nRUN docker rm -f x\n", FileKind::dockerfile).empty());
  CHECK(findings("import os\nos.system('docker rm -f x')  # safedocker: allow force-rm -- test teardown\n",
                 FileKind::python)
          .empty());
}
