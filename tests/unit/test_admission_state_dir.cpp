#include "admission/error.hpp"
#include "admission/state_dir.hpp"
#include "test_admission_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>

using namespace sd::admission;
using namespace sd::admission::testing;

namespace {

unsigned
mode_of(const std::string& path)
{
  struct stat info = {};
  return ::lstat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0xFFFFu;
}

std::string
make_dir(const TempDir& temp, const std::string& name, mode_t mode, uid_t owner = ::geteuid())
{
  const auto path = temp / name;
  REQUIRE(::mkdir(path.c_str(), 0700) == 0);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  REQUIRE(::chown(path.c_str(), owner, static_cast<gid_t>(-1)) == 0);
  return path;
}

} // namespace

namespace {

// A test that makes directories of another uid needs root: for a normal user it says it skips;
// under CI=true (run as root) it must not.
bool
skipped_unless_root()
{
  if (::geteuid() == 0) {
    return false;
  }
  const char* ci = std::getenv("CI");
  REQUIRE_MESSAGE((ci == nullptr || std::string_view(ci) != "true"), "needs root under CI=true");
  std::fputs("state dir: SKIPPED: needs root (it makes directories owned by another uid)\n", stderr);
  return true;
}

} // namespace

TEST_CASE("state dir: created private when missing, parents included")
{
  TempDir temp;
  const auto path = temp / "a/b/admission";
  const auto dir = StateDir::open(path, Sharing::per_user);
  CHECK(dir.path() == path);
  CHECK(mode_of(path) == 0700);
  CHECK(mode_of(temp / "a") == 0700);
  const auto file = dir.open_file("slot.0", OpenFor::updating);
  CHECK(file.valid());
  CHECK(mode_of(path + "/slot.0") == 0600);
  CHECK_FALSE(dir.open_file("missing", OpenFor::reading).valid());
  CHECK(dir.list() == std::vector<std::string>{"slot.0"});
}

TEST_CASE("state dir: refused when it is a symlink, not a directory, or relative")
{
  TempDir temp;
  const auto real = make_dir(temp, "real", 0700);
  REQUIRE(::symlink(real.c_str(), (temp / "link").c_str()) == 0);
  CHECK_THROWS_WITH_AS(StateDir::open(temp / "link", Sharing::per_user), doctest::Contains("symbolic link"),
                       AdmissionError);
  CHECK_THROWS_WITH_AS(StateDir::open(temp / "link", Sharing::shared), doctest::Contains("symbolic link"),
                       AdmissionError);

  const int file = ::open((temp / "file").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  REQUIRE(file >= 0);
  ::close(file);
  CHECK_THROWS_WITH_AS(StateDir::open(temp / "file", Sharing::per_user), doctest::Contains("not a directory"),
                       AdmissionError);
  CHECK_THROWS_AS(StateDir::open("relative/dir", Sharing::per_user), AdmissionError);
}

TEST_CASE("state dir: per-user mode refuses another owner and group- or world-writable modes")
{
  if (skipped_unless_root()) { // the test chowns to another uid
    return;
  }
  TempDir temp;
  const auto foreign = make_dir(temp, "foreign", 0700, 12345);
  CHECK_THROWS_WITH_AS(StateDir::open(foreign, Sharing::per_user), doctest::Contains("owned by uid 12345"),
                       AdmissionError);
  const auto group_writable = make_dir(temp, "group", 0770);
  CHECK_THROWS_WITH_AS(StateDir::open(group_writable, Sharing::per_user), doctest::Contains("chmod go-w"),
                       AdmissionError);
  const auto readable = make_dir(temp, "readable", 0755);
  CHECK_NOTHROW(StateDir::open(readable, Sharing::per_user));
}

TEST_CASE("state dir: shared mode takes root's or our own 0770/01770/01777 directories only")
{
  if (skipped_unless_root()) {
    return;
  }
  TempDir temp;
  CHECK_NOTHROW(StateDir::open(make_dir(temp, "group", 0770), Sharing::shared));
  CHECK_NOTHROW(StateDir::open(make_dir(temp, "sticky-group", 01770), Sharing::shared));
  CHECK_NOTHROW(StateDir::open(make_dir(temp, "setgid", 02770), Sharing::shared));
  CHECK_NOTHROW(StateDir::open(make_dir(temp, "tmp-like", 01777), Sharing::shared));
  CHECK_THROWS_WITH_AS(StateDir::open(make_dir(temp, "world", 0777), Sharing::shared), doctest::Contains("mode 0777"),
                       AdmissionError);
  CHECK_THROWS_AS(StateDir::open(make_dir(temp, "private", 0700), Sharing::shared), AdmissionError);
  CHECK_THROWS_WITH_AS(StateDir::open(make_dir(temp, "foreign", 01777, 12345), Sharing::shared),
                       doctest::Contains("owned by uid 12345"), AdmissionError);

  // Files: 0660 in a group directory and 0666 in a world one, whatever the umask.
  const mode_t old_umask = ::umask(077);
  const auto group = StateDir::open(temp / "group", Sharing::shared);
  CHECK(group.open_file("slot.0", OpenFor::updating).valid());
  CHECK(mode_of(temp / "group/slot.0") == 0660);
  const auto world = StateDir::open(temp / "tmp-like", Sharing::shared);
  CHECK(world.open_file("slot.0", OpenFor::updating).valid());
  CHECK(mode_of(temp / "tmp-like/slot.0") == 0666);
  ::umask(old_umask);

  // A missing shared directory is created 01770.
  const auto made = temp / "new-shared";
  CHECK_NOTHROW(StateDir::open(made, Sharing::shared));
  CHECK(mode_of(made) == 01770);
}

TEST_CASE("state dir: records are fixed-size and a shorter record leaves no tail")
{
  TempDir temp;
  const auto dir = StateDir::open(temp.path(), Sharing::per_user);
  const auto file = dir.open_file("rate", OpenFor::updating);
  REQUIRE(write_record(file.get(), "a much longer first record"));
  REQUIRE(write_record(file.get(), "short"));
  const auto content = read_small_file(file.get());
  REQUIRE(content.has_value());
  CHECK(content->size() == k_record_bytes);
  CHECK(record_text(*content) == "short");
  CHECK_FALSE(write_record(file.get(), std::string(k_record_bytes, 'x')));
  CHECK_THROWS_AS(dir.open_file("rate", OpenFor::creating), AdmissionError); // exists already
}
