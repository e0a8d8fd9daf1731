#pragma once

#include "config/settings.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Finding the real docker (or docker-compose), never safedocker itself.

namespace sd::run {

/// A file's identity after following links: two paths name the same program exactly when
/// their FileIds are equal, whatever the links, bind mounts or PATH spellings.
struct FileId
{
  std::uint64_t dev = 0;
  std::uint64_t ino = 0;
  bool operator==(const FileId&) const = default;
};

/// The identity of the file at `path` (links followed), or nullopt.
std::optional<FileId> file_id(const std::string& path);
/// The identity of the running safedocker binary.
FileId self_id();

struct ProgramChoice
{
  std::string path;
  FileId id;
  std::string reason; ///< why this one: "SAFEDOCKER_REAL_DOCKER", "PATH entry 3 (/usr/bin)", …
};

/// Finds the real `name` ("docker" or "docker-compose"). Order:
///  1. the setting `setting_key` (its environment variable overrides the rules file);
///  2. the PATH entries in order, skipping relative entries and every candidate that is
///     safedocker itself (same device and inode).
/// Throws sd::Fatal: k_recursion when an explicit setting names safedocker itself, k_not_found
/// when nothing is found.
ProgramChoice find_real_program(std::string_view name, const config::Settings& settings, std::string_view setting_key);

/// Guards against a copy of safedocker standing in for docker: the parent safedocker records
/// the identity of the program it starts in SAFEDOCKER_SPAWNED; if that is us, PATH leads from
/// safedocker to safedocker. Also caps the nesting depth. Throws sd::Fatal(k_recursion).
void check_recursion();

/// Sets the markers that check_recursion reads in the child started for `program`: its
/// identity, and our own depth plus one (however often a process marks).
void mark_child_environment(const ProgramChoice& program);

} // namespace sd::run
