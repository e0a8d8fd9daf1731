#include "cli/verb_setup.hpp"
#include "run/own_path.hpp"
#include "scan/git.hpp"
#include "util/absolute_path.hpp"
#include "util/exit_codes.hpp"
#include "util/shell_words.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

// guard install-hook: a git pre-commit hook that runs `safedocker guard scan --staged`. An
// existing hook of someone else's is never overwritten unless --replace is given, and then it
// is kept beside the new one.

namespace sd::cli {

namespace {

constexpr int k_refused = 1;

std::string
self_path()
{
  auto path = run::own_path();
  return path.empty() ? std::string("safedocker") : path;
}

std::string
trim_newline(std::string text)
{
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

std::string
hook_text()
{
  return "#!/bin/sh\n"
         "# Installed by `safedocker guard install-hook`: refuses a commit whose staged files hold\n"
         "# docker calls the safedocker rules block. Run it again with --replace after moving safedocker.\n"
         "exec "
         + util::quote_shell_word(self_path()) + " guard scan --staged\n";
}

bool
read_file(const std::string& path, std::string& text)
{
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return false;
  }
  std::ostringstream buffer;
  buffer << file.rdbuf();
  text = buffer.str();
  return true;
}

// Writes the hook next to its place and renames it there: never half a hook.
bool
write_hook(const std::string& path, const std::string& text)
{
  const auto temporary = path + ".safedocker-new";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file || !(file << text) || !file.flush()) {
      return false;
    }
  }
  return ::chmod(temporary.c_str(), 0755) == 0 && ::rename(temporary.c_str(), path.c_str()) == 0;
}

} // namespace

VerbRunner
setup_install_hook(CLI::App& guard)
{
  struct Options
  {
    bool replace = false;
  };
  auto options = std::make_shared<Options>();
  auto* verb =
    guard.add_subcommand("install-hook", "Install a git pre-commit hook that runs guard scan on the staged files");
  verb->add_flag("--replace", options->replace,
                 "Replace an existing pre-commit hook (kept as pre-commit.safedocker-old)");
  verb->footer("Exit status: 0 installed (or already there), 1 another hook is in the way, 2 not in a git repository.");
  return [options](std::span<const std::string_view>) {
    // From the top of the work tree, --git-path names the hooks directory relative to it
    // (core.hooksPath, linked work trees and all).
    const auto top = scan::run_git({"rev-parse", "--show-toplevel"});
    const auto hooks = top && top->status == 0
                         ? scan::run_git({"-C", trim_newline(top->out), "rev-parse", "--git-path", "hooks"})
                         : std::nullopt;
    if (!hooks || hooks->status != 0 || trim_newline(hooks->out).empty()) {
      std::fputs("safedocker: error: guard install-hook: not inside a git work tree (or git is not on PATH)\n", stderr);
      return exit_code::k_usage;
    }
    std::string directory = trim_newline(hooks->out);
    if (!util::is_absolute_path(directory)) {
      directory = trim_newline(top->out) + "/" + directory;
    }
    std::error_code ignored; // core.hooksPath may name a directory not made yet
    std::filesystem::create_directory(directory, ignored);
    const auto path = directory + "/pre-commit";
    const auto text = hook_text();
    std::string existing;
    if (read_file(path, existing)) {
      if (existing == text) {
        std::printf("%s: safedocker's pre-commit hook is already installed\n", path.c_str());
        return 0;
      }
      if (!options->replace) {
        std::fprintf(stderr,
                     "safedocker: error: %s already exists and is not safedocker's hook; leaving it alone. "
                     "Add `safedocker guard scan --staged` to it, or rerun with --replace (it is kept as "
                     "pre-commit.safedocker-old)\n",
                     path.c_str());
        return k_refused;
      }
      const auto kept = path + ".safedocker-old";
      if (::rename(path.c_str(), kept.c_str()) != 0) {
        std::fprintf(stderr, "safedocker: error: cannot move %s aside: %s\n", path.c_str(), std::strerror(errno));
        return k_refused;
      }
      std::printf("%s: the previous hook is kept as %s\n", path.c_str(), kept.c_str());
    }
    if (!write_hook(path, text)) {
      std::fprintf(stderr, "safedocker: error: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
      return k_refused;
    }
    std::printf("%s: installed; each commit now runs `safedocker guard scan --staged`\n", path.c_str());
    return 0;
  };
}

} // namespace sd::cli
