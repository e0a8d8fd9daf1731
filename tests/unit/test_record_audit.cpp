#include "grammar/parser.hpp"
#include "record/audit_log.hpp"
#include "record/audit_record.hpp"
#include "record/redact.hpp"
#include "record/stats.hpp"
#include "test_roles.hpp"
#include "util/process_identity.hpp"
#include "util/shell_words.hpp"
#include "util/utf8.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace sd;

namespace {

std::vector<std::string>
redact(const std::string& line, const std::string& keys = "PASSWORD,SECRET,TOKEN,KEY")
{
  const auto words = *util::split_shell_words(line);
  const std::vector<std::string_view> args(words.begin(), words.end());
  const auto parsed = grammar::parse(args, grammar::Face::docker);
  return record::redacted_argv("docker", parsed, record::split_secret_keys(keys));
}

std::filesystem::path
fresh_dir(const std::string& name)
{
  const auto dir = std::filesystem::temp_directory_path() / ("sd-unit-" + name + "-" + std::to_string(util::own_pid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace

TEST_CASE("utf8: invalid bytes become \\xNN, valid text is kept")
{
  CHECK(util::escape_invalid_utf8("plain") == "plain");
  CHECK(util::escape_invalid_utf8("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");
  CHECK(util::escape_invalid_utf8("a\xff"
                                  "b")
        == "a\\xFFb");
  CHECK(util::escape_invalid_utf8("\xc3") == "\\xC3");                   // truncated sequence
  CHECK(util::escape_invalid_utf8("\xc0\xaf") == "\\xC0\\xAF");          // overlong
  CHECK(util::escape_invalid_utf8("\xed\xa0\x80") == "\\xED\\xA0\\x80"); // surrogate
}

TEST_CASE("audit record: crafted arguments cannot forge or break a line")
{
  record::AuditRecord audit;
  const std::string big(100 * 1024, 'x');
  audit.argv = {"docker",  "run", "img", "a\nb", "\"},{\"decision\":\"allow", std::string("ctl\x01\x1f\x7f"),
                "bad\xff", big};
  audit.decision = "block";
  const auto line = record::format_record(audit, record::gather_context());
  CHECK(line.find('\n') == std::string::npos);
  const auto parsed = nlohmann::json::parse(line);
  CHECK(parsed["v"] == 1);
  CHECK(parsed["decision"] == "block");
  CHECK(parsed["argv"][3] == "a\nb");
  CHECK(parsed["argv"][4] == "\"},{\"decision\":\"allow");
  CHECK(parsed["argv"][5] == std::string("ctl\x01\x1f\x7f"));
  CHECK(parsed["argv"][6] == "bad\\xFF");
  CHECK(parsed["argv"][7].get<std::string>().size() == big.size());
  for (const auto* key : {"time", "host", "user", "uid", "pid", "ppid", "cwd", "session", "version", "exit",
                          "duration_ms", "slot_wait_ms", "retries", "rule"}) {
    CHECK_MESSAGE(parsed.contains(key), key);
  }
}

TEST_CASE("redaction: secret env and build-arg values, passwords")
{
  CHECK(redact("run -e DB_PASSWORD=hunter2 -e PATH=/bin img")
        == std::vector<std::string>{"docker", "run", "-e", "DB_PASSWORD=***", "-e", "PATH=/bin", "img"});
  CHECK(redact("run --env=API_TOKEN=abc img")[2] == "--env=API_TOKEN=***");
  CHECK(redact("run -eSECRET_KEY=abc img")[2] == "-eSECRET_KEY=***");
  CHECK(redact("run --env aws_secret_access_key=abc img")[3] == "aws_secret_access_key=***");
  CHECK(redact("run -e MY_PASSWORD img")[3] == "MY_PASSWORD");
  CHECK(redact("login -u me -p pw registry")[5] == "***");
  CHECK(redact("login --password=pw registry")[2] == "--password=***");
  CHECK(redact("build --build-arg NPM_TOKEN=abc .")[3] == "NPM_TOKEN=***");
  CHECK(redact("compose run -e GITHUB_TOKEN=abc web")[4] == "GITHUB_TOKEN=***");
  // The container's own command is not docker's flags: -e there is left alone.
  CHECK(redact("run img env -e TOKEN=abc")[5] == "TOKEN=abc");
  CHECK(redact("run -e COLOR=red img", "COLOR")[3] == "COLOR=***");
}

TEST_CASE("audit log: appends, rotates by size, keeps N files, mode 0600")
{
  const auto dir = fresh_dir("rotate");
  record::AuditConfig config;
  config.path = (dir / "sub" / "audit.jsonl").string();
  config.max_bytes = 1024;
  config.keep = 3;
  const std::string line(200, 'a');
  for (int i = 0; i < 30; ++i) {
    REQUIRE_FALSE(
      record::append_line(config, "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + line + "\"}").has_value());
  }
  const auto files = record::audit_files(config);
  CHECK(files.size() == 4); // audit.jsonl.3 … .1 and audit.jsonl
  CHECK(files.back() == config.path);
#ifndef _WIN32
  CHECK((std::filesystem::status(config.path).permissions() & std::filesystem::perms::all)
        == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
#endif
  // The newest records are all there, in order, across the files.
  std::vector<int> seen;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string text;
    while (std::getline(in, text)) {
      seen.push_back(nlohmann::json::parse(text)["n"].get<int>());
    }
  }
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.back() == 29);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    CHECK(seen[i] == seen[i - 1] + 1);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("audit log: an unwritable path is an error value, not a crash")
{
  // Under a regular file: no directory can be made there, on any platform.
  const auto dir = fresh_dir("unwritable");
  std::ofstream(dir / "file") << "x";
  record::AuditConfig config;
  config.path = (dir / "file" / "audit.jsonl").string();
  config.max_bytes = 1024;
  const auto error = record::append_line(config, "{}");
  REQUIRE(error.has_value());
  CHECK(error->find((dir / "file").string()) != std::string::npos); // what is in the way
  std::filesystem::remove_all(dir);
}

namespace {

#ifndef _WIN32
std::string
mode_of(const std::filesystem::path& path)
{
  struct stat info = {};
  return ::lstat(path.c_str(), &info) == 0 ? std::to_string(info.st_mode & 07777) : "missing";
}
#endif

std::string
content_of(const std::filesystem::path& path)
{
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

record::AuditConfig
audit_at(const std::filesystem::path& path)
{
  record::AuditConfig config;
  config.path = path.string();
  config.max_bytes = 1024;
  config.keep = 2;
  return config;
}

} // namespace

#ifndef _WIN32 // modes, umask and symbolic links: POSIX systems (Windows: tests/windows)
TEST_CASE("audit log: private whatever the umask, also after rotation")
{
  const auto dir = fresh_dir("private");
  const auto config = audit_at(dir / "state" / "safedocker" / "audit.jsonl");
  const auto old_umask = ::umask(0);
  for (int i = 0; i < 10; ++i) {
    CHECK_FALSE(record::append_line(config, std::string(300, 'x')).has_value());
  }
  ::umask(old_umask);
  CHECK(mode_of(dir / "state") == std::to_string(0700));
  CHECK(mode_of(dir / "state" / "safedocker") == std::to_string(0700));
  for (const auto* name : {"audit.jsonl", "audit.jsonl.1", "audit.jsonl.2", "audit.jsonl.lock"}) {
    INFO(name);
    CHECK(mode_of(dir / "state" / "safedocker" / name) == std::to_string(0600));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("audit log: a log of ours left readable by others is set back to 0600")
{
  const auto dir = fresh_dir("loose");
  const auto path = dir / "audit.jsonl";
  std::ofstream(path) << "{}\n";
  ::chmod(path.c_str(), 0644);
  CHECK_FALSE(record::append_line(audit_at(path), "{}").has_value());
  CHECK(mode_of(path) == std::to_string(0600));
  CHECK(content_of(path) == "{}\n{}\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("audit log: links are refused, never written through")
{
  const auto dir = fresh_dir("links");
  const auto target = dir / "target";
  std::ofstream(target) << "keep\n";

  std::filesystem::create_symlink(target, dir / "audit.jsonl");
  auto error = record::append_line(audit_at(dir / "audit.jsonl"), "{}");
  REQUIRE(error.has_value());
  CHECK(error->find("it is a symbolic link") != std::string::npos);

  std::filesystem::create_directory(dir / "real");
  std::filesystem::create_directory_symlink(dir / "real", dir / "linked");
  error = record::append_line(audit_at(dir / "linked" / "audit.jsonl"), "{}");
  REQUIRE(error.has_value());
  CHECK(error->find("refusing audit log directory " + (dir / "linked").string()) != std::string::npos);
  CHECK(std::filesystem::is_empty(dir / "real"));

  std::filesystem::create_hard_link(target, dir / "real" / "audit.jsonl");
  error = record::append_line(audit_at(dir / "real" / "audit.jsonl"), "{}");
  REQUIRE(error.has_value());
  CHECK(error->find("hard links") != std::string::npos);
  CHECK(content_of(target) == "keep\n");
  std::filesystem::remove_all(dir);
}
#endif

TEST_CASE("audit log held open: follows another process's rotation, a removal, a replacement; refuses a planted link")
{
  const auto dir = fresh_dir("held");
  const auto path = dir / "audit.jsonl";
  auto config = audit_at(path);
  config.max_bytes = 1u << 20;
  {
    record::OpenAuditLog log;
    REQUIRE_FALSE(log.append(config, "{\"n\":1}").has_value());
    REQUIRE_FALSE(log.append(config, "{\"n\":2}").has_value());
    CHECK(content_of(path) == "{\"n\":1}\n{\"n\":2}\n");

    // Another writer rotated: the held file is now audit.jsonl.1; the next record goes to the new name.
    std::filesystem::rename(path, dir / "audit.jsonl.1");
    REQUIRE_FALSE(log.append(config, "{\"n\":3}").has_value());
    CHECK(content_of(path) == "{\"n\":3}\n");
    CHECK(content_of(dir / "audit.jsonl.1") == "{\"n\":1}\n{\"n\":2}\n");

    // Removed by hand: created again. (Wine neither removes the name at once nor says the
    // removal is pending, as Windows does: there the records would go with the old file.)
    if (sd::testing::under_wine()) {
      MESSAGE("skipped under wine: a log removed by hand while held open (Windows runners check it)");
    } else {
      std::filesystem::remove(path);
      REQUIRE_FALSE(log.append(config, "{\"n\":4}").has_value());
      CHECK(content_of(path) == "{\"n\":4}\n");
    }

#ifndef _WIN32
    // Replaced by a symbolic link: refused, never written through, also while a file is held.
    const auto target = dir / "target";
    std::ofstream(target) << "keep\n";
    std::filesystem::remove(path);
    std::filesystem::create_symlink(target, path);
    const auto error = log.append(config, "{\"n\":5}");
    REQUIRE(error.has_value());
    CHECK(error->find("it is a symbolic link") != std::string::npos);
    CHECK(content_of(target) == "keep\n");
#endif
  } // closed: Windows removes no directory with a file open in it
  std::filesystem::remove_all(dir);
}

TEST_CASE("audit log held open: rotates by size as the one-shot append does")
{
  const auto dir = fresh_dir("held-rotate");
  auto config = audit_at(dir / "audit.jsonl");
  config.keep = 3;
  {
    record::OpenAuditLog log;
    for (int i = 0; i < 30; ++i) {
      REQUIRE_FALSE(
        log.append(config, "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(200, 'a') + "\"}").has_value());
    }
    const auto files = record::audit_files(config);
    REQUIRE(files.size() == 4);
    for (const auto& file : files) {
      CHECK(std::filesystem::file_size(file) <= config.max_bytes + 300); // each closed near the limit
    }
    std::string last;
    std::ifstream in(config.path);
    for (std::string text; std::getline(in, text);) {
      last = text;
    }
    CHECK(nlohmann::json::parse(last)["n"].get<int>() == 29);
  } // closed: Windows removes no directory with a file open in it
  std::filesystem::remove_all(dir);
}

#ifndef _WIN32
TEST_CASE("audit log: a directory others may write to needs the sticky bit")
{
  const auto dir = fresh_dir("modes");
  const auto config = audit_at(dir / "audit.jsonl");
  ::chmod(dir.c_str(), 0777);
  auto error = record::append_line(config, "{}");
  REQUIRE(error.has_value());
  CHECK(error->find("mode 0777 lets others replace the log; chmod go-w " + dir.string()) != std::string::npos);
  ::chmod(dir.c_str(), 0770);
  CHECK(record::append_line(config, "{}").has_value());
  auto shared = config;
  shared.shared = true; // a group may share the directory
  CHECK_FALSE(record::append_line(shared, "{}").has_value());
  ::chmod(dir.c_str(), 01777); // like /tmp: nobody else can replace our file
  CHECK_FALSE(record::append_line(config, "{}").has_value());
  std::filesystem::remove_all(dir);
}
#endif

TEST_CASE("stats: figures from a known log, baseline and since")
{
  const auto dir = fresh_dir("stats");
  const auto path = (dir / "audit.jsonl").string();
  {
    std::ofstream out(path);
    out
      << R"({"v":1,"time":"2026-01-01T00:00:00.000Z","event":"invocation","decision":"allow","command":"container ls","rule":null,"retries":0,"slot_wait_ms":1.0,"duration_ms":10.0})"
         "\n";
    out << R"({"v":1,"time":"2026-01-02T00:00:00.000Z","event":"zero"})"
           "\n";
    out
      << R"({"v":1,"time":"2026-01-03T00:00:00.000Z","event":"invocation","decision":"block","command":"container rm","rule":"force-rm","retries":0,"slot_wait_ms":0,"duration_ms":2.0})"
         "\n";
    out
      << R"({"v":1,"time":"2026-01-04T00:00:00.000Z","event":"invocation","decision":"block","command":"system prune","rule":"force-prune","retries":0,"slot_wait_ms":0,"duration_ms":3.0})"
         "\n";
    out << "{\"v\":1,\"time\":\"2026-01-0"
           "\n"; // torn
    out
      << R"({"v":1,"time":"2026-01-05T00:00:00.000Z","event":"invocation","decision":"allow","command":"container ls","rule":null,"retries":2,"slot_wait_ms":5.0,"duration_ms":40.0})"
         "\n";
    out << R"({"v":1,"time":"2026-01-05T00:00:01.000Z","event":"breaker_open"})"
           "\n";
  }
  const auto all = record::compute_stats({path}, "");
  CHECK(all.baseline == "2026-01-02T00:00:00.000Z");
  CHECK(all.calls == 3);
  CHECK(all.torn_lines == 1);
  CHECK(all.by_decision.at("block") == 2);
  CHECK(all.by_decision.at("allow") == 1);
  CHECK(all.blocks_by_rule.at("force-rm") == 1);
  CHECK(all.blocks_by_rule.at("force-prune") == 1);
  CHECK(all.by_command.at("container ls") == 1);
  CHECK(all.retries == 2);
  CHECK(all.breaker_trips == 1);
  CHECK(record::quantile(all.duration_ms, 0.5) == 3.0);
  CHECK(all.duration_ms.back() == 40.0);
  const auto recent = record::compute_stats({path}, "2026-01-04T00:00:00.000Z");
  CHECK(recent.calls == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("stats: durations")
{
  CHECK(record::parse_duration("90s")->count() == 90);
  CHECK(record::parse_duration("15m")->count() == 900);
  CHECK(record::parse_duration("2h")->count() == 7200);
  CHECK(record::parse_duration("7d")->count() == 604800);
  CHECK_FALSE(record::parse_duration("7").has_value());
  CHECK_FALSE(record::parse_duration("h").has_value());
  CHECK_FALSE(record::parse_duration("3x").has_value());
  CHECK_FALSE(record::parse_duration("-1h").has_value());
  // A typo that would overflow when added to a time is refused, not wrapped to a negative age.
  CHECK_FALSE(record::parse_duration("999999999999999d").has_value());
  CHECK_FALSE(record::parse_duration("9999999999999999s").has_value());
  CHECK(record::parse_duration("5200w").has_value());
}

TEST_CASE("audit record: a request through the API guard carries channel, method, path, status and caller; stats count "
          "channels")
{
  record::AuditRecord audit;
  audit.argv = {"docker", "container", "rm", "--force", "web"};
  audit.command = "container rm";
  audit.decision = "block";
  audit.rule = "force-rm";
  audit.api = record::ApiRequest{"DELETE",
                                 "/v1.41/containers/web?force=1\n{\"forged\":1}",
                                 403,
                                 4242,
                                 1000u,
                                 "/usr/bin/python3.11",
                                 "docker-sdk-python/5.0.3"};
  const auto line = record::format_record(audit, record::gather_context());
  CHECK(line.find('\n') == std::string::npos); // a crafted path cannot split the line
  const auto json = nlohmann::json::parse(line);
  CHECK(json["channel"] == "api");
  CHECK(json["method"] == "DELETE");
  CHECK(json["path"] == "/v1.41/containers/web?force=1\n{\"forged\":1}");
  CHECK(json["status"] == 403);
  CHECK(json["caller"]
        == nlohmann::json{
          {"pid", 4242}, {"uid", 1000}, {"exe", "/usr/bin/python3.11"}, {"user_agent", "docker-sdk-python/5.0.3"}});
  CHECK(json["exit"].is_null());

  record::Stats stats;
  record::count_line(stats, line, "");
  audit.api.reset();
  record::count_line(stats, record::format_record(audit, record::gather_context()), "");
  CHECK(stats.by_channel == std::map<std::string, std::uint64_t>{{"api", 1}, {"cli", 1}});
  CHECK(stats.blocks_by_rule["force-rm"] == 2);
}
