#include "scan/git.hpp"
#include "scan/scanner.hpp"
#include "scan/walker.hpp"
#include "test_scan_support.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <unistd.h>

using namespace sd::scan;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temporary directory, removed at the end of the test.
struct TempDir
{
  TempDir()
  {
    std::string pattern = (fs::temp_directory_path() / "sd-scan-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  void write(const std::string& relative, const std::string& text) const
  {
    const auto file = fs::path(path) / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

  std::vector<std::string> relative(const std::vector<std::string>& files) const
  {
    std::vector<std::string> out;
    for (const auto& file : files) {
      out.push_back(fs::relative(file, path).string());
    }
    return out;
  }

  std::string path;
};

bool
git_works()
{
  const auto version = run_git({"--version"});
  return version && version->status == 0;
}

} // namespace

TEST_CASE("scan walk: a plain directory, without .git and links")
{
  const TempDir dir;
  dir.write("a.sh", "docker ps\n");
  dir.write("sub/b.yml", "run: x\n");
  dir.write(".git/config", "[core]\n");
  fs::create_symlink(dir.path + "/a.sh", dir.path + "/link.sh");
  const auto listing = list_files(dir.path);
  CHECK(listing.error.empty());
  CHECK_FALSE(listing.from_git);
  CHECK(dir.relative(listing.files) == std::vector<std::string>{"a.sh", "sub/b.yml"});
  CHECK_FALSE(list_files(dir.path + "/missing").error.empty());
  CHECK(list_files(dir.path + "/a.sh").files == std::vector<std::string>{dir.path + "/a.sh"});
}

TEST_CASE("scan walk: inside a git work tree, what git ignores is skipped")
{
  if (!git_works()) {
    // Says so where it runs; CI installs git (packaging/install-deps), so there it must not skip.
    const char* ci = std::getenv("CI");
    REQUIRE_MESSAGE((ci == nullptr || std::string_view(ci) != "true"), "git is not available under CI=true");
    std::fputs("scan walk: SKIPPED: git is not available\n", stderr);
    return;
  }
  const TempDir dir;
  REQUIRE(run_git({"-C", dir.path, "init", "-q"})->status == 0);
  dir.write(".gitignore", "build/\n*.log.sh\n/top-only.sh\n!keep.log.sh\ndocs/**/gen-*.sh\n");
  dir.write("a.sh", "x\n");
  dir.write("build/out.sh", "x\n");
  dir.write("x.log.sh", "x\n");
  dir.write("keep.log.sh", "x\n");
  dir.write("top-only.sh", "x\n");
  dir.write("sub/top-only.sh", "x\n");
  dir.write("docs/a/b/gen-1.sh", "x\n");
  dir.write("docs/a/b/hand.sh", "x\n");
  dir.write("sub/.gitignore", "local.sh\n");
  dir.write("sub/local.sh", "x\n");
  const auto listing = list_files(dir.path);
  CHECK(listing.from_git);
  CHECK(dir.relative(listing.files)
        == std::vector<std::string>{".gitignore", "a.sh", "docs/a/b/hand.sh", "keep.log.sh", "sub/.gitignore",
                                    "sub/top-only.sh"});
  // A subdirectory lists relative to itself, with the same rules.
  CHECK(dir.relative(list_files(dir.path + "/sub").files)
        == std::vector<std::string>{"sub/.gitignore", "sub/top-only.sh"});
}

TEST_CASE("scan files: binary and oversized files are skipped, #! lines give a kind")
{
  const TempDir dir;
  dir.write("bin.sh", std::string("docker rm -f x\n\0\1\2", 18));
  dir.write("deploy", "#!/usr/bin/env bash\ndocker rm -f x\n");
  dir.write("notes", "docker rm -f x\n");
  dir.write("big.sh", std::string(k_max_file_bytes + 1, '#'));
  Scanner scanner(test::default_rules(), Warnings::no);
  for (const auto& file : list_files(dir.path).files) {
    scanner.scan_file(file);
  }
  const auto& result = scanner.result();
  CHECK(result.files_scanned == 1);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].file == dir.path + "/deploy");
  CHECK(result.findings[0].line == 2);
}

TEST_CASE("scan files: threads give the same result, in the same order")
{
  const TempDir dir;
  for (int i = 0; i < 120; ++i) {
    dir.write("d" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".sh",
              i % 3 == 0 ? "docker rm -f c" + std::to_string(i) + "\ndocker ps\n" : "echo ok\n");
  }
  const auto files = list_files(dir.path).files;
  const auto one = scan_files(files, test::default_rules(), Warnings::no, 1);
  const auto four = scan_files(files, test::default_rules(), Warnings::no, 4);
  CHECK(one.files_scanned == 120);
  CHECK(four.files_scanned == one.files_scanned);
  CHECK(four.bytes_scanned == one.bytes_scanned);
  REQUIRE(one.findings.size() == 40);
  REQUIRE(four.findings.size() == one.findings.size());
  for (std::size_t i = 0; i < one.findings.size(); ++i) {
    CHECK(four.findings[i].file == one.findings[i].file);
    CHECK(four.findings[i].message == one.findings[i].message);
  }
}
