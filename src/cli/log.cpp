#include "cli/verb_setup.hpp"
#include "policy/rules_file.hpp"
#include "record/audit_log.hpp"
#include "record/audit_view.hpp"

#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <memory>
#include <sys/stat.h>
#include <thread>

namespace sd::cli {

namespace {

void
print(const std::string& line, const record::AuditFilter& filter, bool json)
{
  if (const auto text = record::render_audit_line(line, filter, json)) {
    std::printf("%s\n", text->c_str());
  }
}

} // namespace

VerbRunner
setup_log(CLI::App& guard)
{
  struct Options
  {
    record::AuditFilter filter;
    std::size_t count = 20;
    bool follow = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* log = guard.add_subcommand("log", "Show recent audit records");
  log->add_option("-n,--lines", options->count, "How many records (default 20)");
  log->add_flag("-f,--follow", options->follow, "Keep printing new records as they come");
  log->add_flag("--json", options->json, "Print the records as stored (JSON lines)");
  log->add_option("--decision", options->filter.decision, "Only this decision (allow, warn, block, rewrite, bypass)");
  log->add_option("--rule", options->filter.rule, "Only this rule id");
  log->add_option("--command", options->filter.command, "Only commands matching this glob (\"container *\")");
  log->add_option("--event", options->filter.event, "Only this event (invocation, start, zero, …)");
  return [options](std::span<const std::string_view>) {
    const auto rules = policy::load_rules();
    const auto config = record::audit_config(rules.settings);
    // The last N matching lines, read through every file oldest first.
    std::deque<std::string> last;
    std::string line;
    for (const auto& file : record::audit_files(config)) {
      std::ifstream in(file, std::ios::binary);
      while (std::getline(in, line)) {
        if (auto text = record::render_audit_line(line, options->filter, options->json)) {
          last.push_back(std::move(*text));
          if (last.size() > options->count) {
            last.pop_front();
          }
        }
      }
    }
    for (const auto& kept : last) {
      std::printf("%s\n", kept.c_str());
    }
    std::fflush(stdout);
    if (!options->follow) {
      return 0;
    }
    // Follow the file by name, like tail -F. When rotation replaced it, the records written in
    // between may sit in several rotated files: read those after ours, then the new file.
    std::ifstream in(config.path, std::ios::binary);
    in.seekg(0, std::ios::end);
    struct stat opened = {};
    ::stat(config.path.c_str(), &opened);
    while (true) {
      while (std::getline(in, line)) {
        print(line, options->filter, options->json);
      }
      std::fflush(stdout);
      in.clear();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      struct stat now = {};
      if (::stat(config.path.c_str(), &now) != 0 || (now.st_ino == opened.st_ino && now.st_dev == opened.st_dev)) {
        continue;
      }
      while (std::getline(in, line)) {
        print(line, options->filter, options->json);
      }
      const auto files = record::audit_files(config); // oldest first, the live file last
      bool after_ours = false;
      for (std::size_t i = 0; i + 1 < files.size(); ++i) {
        struct stat info = {};
        if (after_ours) {
          std::ifstream rotated(files[i], std::ios::binary);
          while (std::getline(rotated, line)) {
            print(line, options->filter, options->json);
          }
        } else if (::stat(files[i].c_str(), &info) == 0 && info.st_ino == opened.st_ino
                   && info.st_dev == opened.st_dev) {
          after_ours = true;
        }
      }
      in = std::ifstream(config.path, std::ios::binary);
      ::stat(config.path.c_str(), &opened);
    }
  };
}

} // namespace sd::cli
