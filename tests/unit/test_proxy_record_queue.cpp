#include "proxy/record_queue.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace sd;

namespace {

std::vector<nlohmann::json>
records_in(const std::filesystem::path& path)
{
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

record::AuditRecord
request(int n)
{
  record::AuditRecord entry;
  entry.argv = {"docker", "container", "rm", "c" + std::to_string(n)};
  entry.decision = "allow";
  record::ApiRequest api;
  api.method = "DELETE";
  api.path = "/containers/c" + std::to_string(n);
  api.status = 204;
  entry.api = api;
  return entry;
}

std::shared_ptr<record::AuditTrail>
trail_at(const std::filesystem::path& path)
{
  record::AuditConfig config;
  config.path = path.string();
  config.max_bytes = 1u << 20;
  return std::make_shared<record::AuditTrail>(config);
}

} // namespace

TEST_CASE("record queue: every record written, whole and in order; what is queued is written when it stops")
{
  const auto dir = std::filesystem::temp_directory_path() / ("sd-unit-queue-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    // An hour between batches: only the stop can write them.
    proxy::RecordQueue queue(trail_at(dir / "audit.jsonl"), std::chrono::hours(1));
    for (int n = 0; n < 500; ++n) {
      queue.push(request(n));
    }
  }
  const auto records = records_in(dir / "audit.jsonl");
  REQUIRE(records.size() == 500);
  for (int n = 0; n < 500; ++n) {
    CHECK(records[static_cast<std::size_t>(n)]["path"] == "/containers/c" + std::to_string(n));
    CHECK(records[static_cast<std::size_t>(n)]["channel"] == "api");
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("record queue: a record is written while the guard runs, with the time it was queued")
{
  const auto dir = std::filesystem::temp_directory_path() / ("sd-unit-queue-run-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  proxy::RecordQueue queue(trail_at(dir / "audit.jsonl"), std::chrono::milliseconds(1));
  auto entry = request(1);
  entry.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123));
  queue.push(entry);
  std::vector<nlohmann::json> records;
  for (int tries = 0; tries < 500 && records.empty(); ++tries) { // up to 5 s on a loaded machine
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    records = records_in(dir / "audit.jsonl");
  }
  REQUIRE(records.size() == 1);
  CHECK(records[0]["time"] == "2023-11-14T22:13:20.123Z");
  queue.push(request(2)); // after a quiet spell the writer wakes again
  for (int tries = 0; tries < 500 && records.size() < 2; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    records = records_in(dir / "audit.jsonl");
  }
  CHECK(records.size() == 2);
  std::filesystem::remove_all(dir);
}
