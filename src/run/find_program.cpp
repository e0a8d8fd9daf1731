#include "run/find_program.hpp"

#include "run/own_path.hpp"
#include "run/program_file.hpp"
#include "util/environment.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"
#include "util/path_search.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

namespace sd::run {

namespace {

constexpr const char* k_spawned_marker = "SAFEDOCKER_SPAWNED";
constexpr const char* k_depth_marker = "SAFEDOCKER_DEPTH";
// Legitimate nesting (a plugin of the real docker calling `docker` again) is shallow; a chain
// this deep is a loop that the identity check could not see.
constexpr int k_max_depth = 8;

std::string
id_text(const FileId& id)
{
  return std::to_string(id.dev) + ":" + std::to_string(id.ino);
}

int
current_depth()
{
  const char* text = std::getenv(k_depth_marker);
  int depth = 0;
  if (text != nullptr) {
    std::from_chars(text, text + std::char_traits<char>::length(text), depth);
  }
  return depth;
}

} // namespace

FileId
self_id()
{
  static const FileId id = file_id(own_path()).value_or(FileId{});
  return id;
}

ProgramChoice
find_real_program(std::string_view name, const config::Settings& settings, std::string_view setting_key)
{
  const auto& setting = settings.get(setting_key);
  const FileId self = self_id();
  if (!setting.value.empty()) {
    const auto id = executable_file_id(setting.value);
    if (!id) {
      throw Fatal(exit_code::k_not_found, std::string(setting_key) + " = " + setting.value + " (" + setting.origin
                                            + ") is not an executable file; point it at the real " + std::string(name));
    }
    if (*id == self) {
      throw Fatal(exit_code::k_recursion, std::string(setting_key) + " = " + setting.value + " (" + setting.origin
                                            + ") is safedocker itself; point it at the real " + std::string(name));
    }
    return {setting.value, *id, std::string(setting_key) + " from " + setting.origin};
  }
  int skipped_self = 0;
  std::optional<ProgramChoice> choice;
  util::for_each_path_entry(
    util::path_variable(), util::RelativeEntries::skipped, [&](std::string_view dir, int entry) {
      std::string candidate = program_in(dir, name);
      const auto id = executable_file_id(candidate);
      if (!id) {
        return false;
      }
      if (*id == self) {
        ++skipped_self;
        return false;
      }
      choice = ProgramChoice{candidate, *id,
                             "PATH entry " + std::to_string(entry) + " (" + std::string(dir) + "), first "
                               + std::string(name) + " that is not safedocker"
                               + (skipped_self > 0 ? " (skipped " + std::to_string(skipped_self) + " that were)" : "")};
      return true;
    });
  if (choice) {
    return *choice;
  }
  throw Fatal(exit_code::k_not_found,
              "no real " + std::string(name) + " found on PATH"
                + (skipped_self > 0 ? " (only safedocker itself, " + std::to_string(skipped_self) + " time(s))" : "")
                + "; install docker or set SAFEDOCKER_REAL_DOCKER to its path");
}

void
check_recursion()
{
  const int depth = current_depth();
  if (depth >= k_max_depth) {
    throw Fatal(exit_code::k_recursion, "safedocker is nested " + std::to_string(depth)
                                          + " deep: PATH or SAFEDOCKER_REAL_DOCKER leads back to safedocker; set "
                                            "SAFEDOCKER_REAL_DOCKER to the real docker");
  }
  const char* spawned = std::getenv(k_spawned_marker);
  if (spawned != nullptr && id_text(self_id()) == spawned) {
    throw Fatal(exit_code::k_recursion,
                "the program safedocker chose as the real docker is safedocker again (a copy of it at "
                "another path); remove that copy from PATH or set SAFEDOCKER_REAL_DOCKER to the real docker");
  }
}

void
mark_child_environment(const ProgramChoice& program)
{
  util::set_environment(k_spawned_marker, id_text(program.id));
  // Our own depth as inherited, read before the first mark: a process that marks again (the
  // scheduler, for each measurement) must not deepen its children's nesting each time.
  static const int inherited = current_depth();
  util::set_environment(k_depth_marker, std::to_string(inherited + 1));
}

} // namespace sd::run
