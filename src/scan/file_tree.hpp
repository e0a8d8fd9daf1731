#pragma once

#include <string>
#include <vector>

// The platform's half of walker.hpp: what is at a path, and the files of a directory tree.

namespace sd::scan {

enum class PathType : unsigned char { missing, directory, file, other };

/// What `path` is, links followed; `error` says why when it is missing or unreadable.
PathType path_type(const std::string& path, std::string& error);

/// Whether `path` is a regular file itself (a link is not).
bool is_plain_file(const std::string& path);

/// Whether the directory `path` can be listed; `error` says why not.
bool directory_readable(const std::string& path, std::string& error);

/// Appends the regular files under `directory` to `files`, recursively, without `.git` and
/// without following links; a directory that cannot be read is noted in `notes`, with why.
void walk_tree(const std::string& directory, std::vector<std::string>& files, std::vector<std::string>& notes);

/// `directory` joined with `name` ("." gives `name` alone).
std::string join_path(const std::string& directory, const std::string& name);

} // namespace sd::scan
