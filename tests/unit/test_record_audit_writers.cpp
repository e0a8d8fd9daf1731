#include "record/audit_log.hpp"
#include "test_admission_support.hpp"
#include "test_roles.hpp"
#include "util/child_process.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

// Writers in processes of their own appending to one audit log at once, rotating it as they go
// (roles of the test binary: every platform, Windows included).

using namespace sd;

namespace {

constexpr int k_writers = 10;
constexpr int k_records = 100;

record::AuditConfig
config_in(const std::string& dir)
{
  record::AuditConfig config;
  config.path = dir + "/audit.jsonl";
  config.max_bytes = 64 * 1024; // a few rotations while they write
  config.keep = 20;             // none dropped: every record can be counted
  return config;
}

std::string
record_line(const std::string& writer, int n)
{
  // About 250 bytes: a torn or interleaved line would not end as it began.
  return R"({"v":1,"writer":")" + writer + R"(","n":)" + std::to_string(n) + R"(,"pad":")" + std::string(200, 'x')
         + R"(","end":")" + writer + "-" + std::to_string(n) + R"("})";
}

SD_TEST_ROLE("audit-writer", [](const std::vector<std::string>& args) {
  const auto config = config_in(args.at(0));
  for (int n = 0; n < k_records; ++n) {
    if (record::append_line(config, record_line(args.at(1), n))) {
      return 1;
    }
  }
  return 0;
});

} // namespace

TEST_CASE("1,000 audit records from 10 writers at once, rotating: every one whole, none lost")
{
  admission::testing::TempDir temp;
  const std::string dir = temp / "log";
  std::vector<int> writers;
  for (int w = 0; w < k_writers; ++w) {
    const auto child = sd::testing::start_role("audit-writer", {dir, "w" + std::to_string(w)});
    REQUIRE(child.pid > 0);
    writers.push_back(child.pid);
  }
  for (const int pid : writers) {
    CHECK(util::wait_child(pid) == 0);
  }

  const auto files = record::audit_files(config_in(dir));
  CHECK(files.size() > 1); // it rotated
  std::set<std::string> seen;
  int torn = 0;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    for (std::string line; std::getline(in, line);) {
      const auto writer_at = line.find(R"("writer":")");
      const auto n_at = line.find(R"(,"n":)");
      if (writer_at == std::string::npos || n_at == std::string::npos) {
        ++torn;
        continue;
      }
      const std::string writer = line.substr(writer_at + 10, line.find('"', writer_at + 10) - writer_at - 10);
      const int n = std::stoi(line.substr(n_at + 5));
      if (line != record_line(writer, n)) {
        ++torn;
        continue;
      }
      seen.insert(writer + "-" + std::to_string(n));
    }
  }
  CHECK(torn == 0);
  CHECK(seen.size() == static_cast<std::size_t>(k_writers * k_records));
}
