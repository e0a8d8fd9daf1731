#include "cli/verb_setup.hpp"
#include "policy/rules_file.hpp"
#include "scan/report.hpp"
#include "scan/scanner.hpp"
#include "scan/staged.hpp"
#include "scan/walker.hpp"
#include "util/exit_codes.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

// guard scan: the docker calls in files that the rules in force would block, found with the
// wrapper's own grammar and rules. Exit 1 with findings, 0 without, 2 on a usage error.

namespace sd::cli {

namespace {

constexpr int k_found = 1;

std::string
current_directory()
{
  char buffer[PATH_MAX];
  return ::getcwd(buffer, sizeof buffer) != nullptr ? std::string(buffer) : std::string("/");
}

// The rules of --rules FILE; nullopt (said on stderr) when it cannot be read. A file that
// does not validate throws sd::Fatal (exit 201), as everywhere.
std::optional<policy::RuleSet>
rules_from(const std::string& path)
{
  struct stat info = {};
  const bool found = ::stat(path.c_str(), &info) == 0;
  if (!found || !S_ISREG(info.st_mode)) {
    std::fprintf(stderr, "safedocker: error: guard scan: --rules %s: %s\n", path.c_str(),
                 found ? "not a regular file" : std::strerror(errno));
    return std::nullopt;
  }
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  if (!file || !(text << file.rdbuf())) {
    std::fprintf(stderr, "safedocker: error: guard scan: --rules %s: cannot read it\n", path.c_str());
    return std::nullopt;
  }
  return policy::parse_rules(text.str(), path);
}

// Every PATH's files, listed before anything is scanned: a bad PATH is a usage error before
// any output. False (said on stderr) when one cannot be listed.
bool
list_paths(const std::vector<std::string>& paths, std::vector<std::string>& files, std::vector<std::string>& notes)
{
  for (const auto& path : paths) {
    auto listing = scan::list_files(path);
    if (!listing.error.empty()) {
      std::fprintf(stderr, "safedocker: error: guard scan: %s: %s\n", path.c_str(), listing.error.c_str());
      return false;
    }
    files.insert(files.end(), listing.files.begin(), listing.files.end());
    notes.insert(notes.end(), listing.notes.begin(), listing.notes.end());
  }
  return true;
}

std::string
render(scan::Format format, const scan::ScanResult& result)
{
  switch (format) {
  case scan::Format::text:
    return scan::render_text(result);
  case scan::Format::json:
    return scan::render_json(result);
  case scan::Format::sarif:
    return scan::render_sarif(result, current_directory());
  }
  return {};
}

} // namespace

VerbRunner
setup_scan(CLI::App& guard)
{
  struct Options
  {
    std::string format = "text";
    std::string rules;
    bool warnings = false;
    bool staged = false;
    std::vector<std::string> paths;
  };
  auto options = std::make_shared<Options>();
  auto* verb = guard.add_subcommand("scan", "Find docker calls in scripts, Makefiles, CI YAML, Dockerfiles, Python and "
                                            "Markdown that the rules would block");
  verb->add_option("--format", options->format, "Output: text, json or sarif")
    ->check(CLI::IsMember({"text", "json", "sarif"}));
  verb->add_option("--rules", options->rules, "Rules file to check against (default: the rules in force)");
  verb->add_flag("--warnings", options->warnings,
                 "Also report calls the rules warn about (not counted for the exit status)");
  verb->add_flag("--staged", options->staged, "Scan the files staged for commit, as staged (the pre-commit hook)");
  verb->add_option("PATH", options->paths, "Files and directories to scan (default: .)");
  verb->footer("Exit status: 1 when something is found, 0 when clean, 2 on a usage error.");
  return [options](std::span<const std::string_view>) {
    if (options->staged && !options->paths.empty()) {
      std::fputs("safedocker: error: guard scan: --staged takes no PATH\n", stderr);
      return exit_code::k_usage;
    }
    const auto rules = options->rules.empty() ? std::optional(policy::load_rules()) : rules_from(options->rules);
    if (!rules) {
      return exit_code::k_usage;
    }
    const auto warnings = options->warnings ? scan::Warnings::yes : scan::Warnings::no;
    scan::ScanResult result;
    if (options->staged) {
      scan::Scanner scanner(*rules, warnings);
      const auto problem = scan::scan_staged(scanner);
      if (!problem.empty()) {
        std::fprintf(stderr, "safedocker: error: guard scan --staged: %s\n", problem.c_str());
        return exit_code::k_usage;
      }
      result = std::move(scanner.result());
    } else {
      std::vector<std::string> files;
      std::vector<std::string> notes;
      if (!list_paths(options->paths.empty() ? std::vector<std::string>{"."} : options->paths, files, notes)) {
        return exit_code::k_usage;
      }
      result = scan::scan_files(files, *rules, warnings, std::max(1U, std::thread::hardware_concurrency()));
      result.notes.insert(result.notes.begin(), notes.begin(), notes.end());
    }

    for (const auto& note : result.notes) {
      std::fprintf(stderr, "safedocker: warning: %s\n", note.c_str());
    }
    const auto format = scan::format_from_name(options->format).value_or(scan::Format::text);
    const auto out = render(format, result);
    std::fwrite(out.data(), 1, out.size(), stdout);
    const auto errors =
      static_cast<std::size_t>(std::count_if(result.findings.begin(), result.findings.end(),
                                             [](const scan::Finding& f) { return f.level == scan::Level::error; }));
    if (format == scan::Format::text) {
      std::fprintf(stderr, "safedocker: %zu finding(s) in %llu file(s) scanned (%.1f MB)\n", errors,
                   static_cast<unsigned long long>(result.files_scanned),
                   static_cast<double>(result.bytes_scanned) / 1e6);
    }
    return errors > 0 ? k_found : 0;
  };
}

} // namespace sd::cli
