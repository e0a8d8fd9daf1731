#include "run/program_file.hpp"

#include "util/absolute_path.hpp"
#include "util/utf16.hpp"
#include "util/windows_support.hpp"

#include <windows.h>

// A file's identity on Windows is its volume's serial number and its file index: two paths name
// the same program exactly when both are equal, whatever hard links, copies' names or PATH
// spellings (a copy is another file, which the recursion guard's marker catches).

namespace sd::run {

namespace {

struct Identity
{
  FileId id;
  bool directory = false;
};

std::optional<Identity>
identity_of(const std::string& path)
{
  // Links followed (no FILE_FLAG_OPEN_REPARSE_POINT); directories open too, to be told apart.
  const HANDLE file = ::CreateFileW(util::to_utf16(path).c_str(), FILE_READ_ATTRIBUTES,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                    FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    return std::nullopt;
  }
  BY_HANDLE_FILE_INFORMATION info{};
  const bool ok = ::GetFileInformationByHandle(file, &info) != 0;
  ::CloseHandle(file);
  if (!ok) {
    return std::nullopt;
  }
  return Identity{FileId{info.dwVolumeSerialNumber, (std::uint64_t{info.nFileIndexHigh} << 32) | info.nFileIndexLow},
                  (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0};
}

} // namespace

std::optional<FileId>
file_id(const std::string& path)
{
  const auto identity = identity_of(path);
  return identity ? std::optional(identity->id) : std::nullopt;
}

std::optional<FileId>
executable_file_id(const std::string& path)
{
  const auto identity = identity_of(path);
  if (!identity || identity->directory || !util::has_exe_suffix(path)) {
    return std::nullopt;
  }
  return identity->id;
}

std::string
program_in(std::string_view dir, std::string_view name)
{
  std::string path(dir);
  if (!path.empty() && !util::is_path_separator(path.back())) {
    path += '\\';
  }
  path += name;
  if (!util::has_exe_suffix(name)) {
    path += ".exe";
  }
  return path;
}

} // namespace sd::run
