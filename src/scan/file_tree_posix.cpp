#include "scan/file_tree.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::scan {

PathType
path_type(const std::string& path, std::string& error)
{
  struct stat info = {};
  if (::stat(path.c_str(), &info) != 0) {
    error = std::strerror(errno);
    return PathType::missing;
  }
  return S_ISDIR(info.st_mode) ? PathType::directory : S_ISREG(info.st_mode) ? PathType::file : PathType::other;
}

bool
is_plain_file(const std::string& path)
{
  struct stat info = {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

bool
directory_readable(const std::string& path, std::string& error)
{
  if (::access(path.c_str(), R_OK | X_OK) != 0) {
    error = std::strerror(errno);
    return false;
  }
  return true;
}

std::string
join_path(const std::string& directory, const std::string& name)
{
  if (directory == ".") {
    return name;
  }
  return directory.ends_with('/') ? directory + name : directory + "/" + name;
}

void
walk_tree(const std::string& directory, std::vector<std::string>& files, std::vector<std::string>& notes)
{
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) {
    notes.push_back(directory + ": cannot read directory: " + std::strerror(errno));
    return;
  }
  std::vector<std::string> subdirectories;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name == "." || name == ".." || name == ".git") {
      continue;
    }
    const auto path = join_path(directory, name);
    auto type = entry->d_type;
    if (type == DT_UNKNOWN) {
      struct stat info = {};
      if (::lstat(path.c_str(), &info) != 0) {
        continue;
      }
      type = S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : DT_LNK;
    }
    if (type == DT_DIR) {
      subdirectories.push_back(path);
    } else if (type == DT_REG) {
      files.push_back(path);
    }
  }
  ::closedir(dir);
  for (const auto& subdirectory : subdirectories) {
    walk_tree(subdirectory, files, notes);
  }
}

} // namespace sd::scan
