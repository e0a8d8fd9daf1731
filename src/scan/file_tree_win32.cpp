#include "scan/file_tree.hpp"

#include "util/absolute_path.hpp"
#include "util/utf16.hpp"

#include <windows.h>

#include <cerrno>
#include <cstring>

// Windows: a reparse point (a symbolic link or a junction) is neither a file to read nor a
// directory to enter, as a link is not on POSIX systems.

namespace sd::scan {

namespace {

DWORD
attributes_of(const std::string& path)
{
  return ::GetFileAttributesW(util::to_utf16(path).c_str());
}

} // namespace

PathType
path_type(const std::string& path, std::string& error)
{
  const DWORD attributes = attributes_of(path);
  if (attributes == INVALID_FILE_ATTRIBUTES) {
    util::set_errno_from_last_error();
    error = std::strerror(errno);
    return PathType::missing;
  }
  return (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? PathType::directory : PathType::file;
}

bool
is_plain_file(const std::string& path)
{
  const DWORD attributes = attributes_of(path);
  return attributes != INVALID_FILE_ATTRIBUTES
         && (attributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT)) == 0;
}

bool
directory_readable(const std::string& path, std::string& error)
{
  WIN32_FIND_DATAW found{};
  const HANDLE search = ::FindFirstFileW(util::to_utf16(join_path(path, "*")).c_str(), &found);
  if (search == INVALID_HANDLE_VALUE) {
    util::set_errno_from_last_error();
    error = std::strerror(errno);
    return false;
  }
  ::FindClose(search);
  return true;
}

std::string
join_path(const std::string& directory, const std::string& name)
{
  if (directory == ".") {
    return name;
  }
  return util::is_path_separator(directory.back()) ? directory + name : directory + "\\" + name;
}

void
walk_tree(const std::string& directory, std::vector<std::string>& files, std::vector<std::string>& notes)
{
  WIN32_FIND_DATAW found{};
  const HANDLE search = ::FindFirstFileW(util::to_utf16(join_path(directory, "*")).c_str(), &found);
  if (search == INVALID_HANDLE_VALUE) {
    util::set_errno_from_last_error();
    notes.push_back(directory + ": cannot read directory: " + std::strerror(errno));
    return;
  }
  std::vector<std::string> subdirectories;
  do {
    const std::string name = util::from_utf16(found.cFileName);
    if (name == "." || name == ".." || name == ".git" || (found.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
      continue;
    }
    const auto path = join_path(directory, name);
    if ((found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
      subdirectories.push_back(path);
    } else {
      files.push_back(path);
    }
  } while (::FindNextFileW(search, &found) != 0);
  ::FindClose(search);
  for (const auto& subdirectory : subdirectories) {
    walk_tree(subdirectory, files, notes);
  }
}

} // namespace sd::scan
