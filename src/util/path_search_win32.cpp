#include "util/path_search.hpp"

#include "util/absolute_path.hpp"
#include "util/utf16.hpp"
#include "util/windows_support.hpp"

#include <windows.h>

#include <cctype>
#include <deque>
#include <mutex>

// PATH as Windows reads it: entries separated by ';', each perhaps in quotes; absolute means a
// drive and a separator (C:\…) or a UNC path (\\server\…). Only NAME.exe is a program here:
// .bat and .cmd files run through cmd.exe, whose own parsing would undo the argv's quoting.

namespace sd::util {

std::string_view
path_variable()
{
  // Read in UTF-16 (getenv gives the ANSI code page). Each distinct value is kept for the
  // program's life, so a view handed out earlier stays valid if PATH changes.
  static std::mutex mutex;
  static std::deque<std::string> values;
  const DWORD size = ::GetEnvironmentVariableW(L"PATH", nullptr, 0);
  std::wstring wide(size, L'\0');
  const DWORD length = size == 0 ? 0 : ::GetEnvironmentVariableW(L"PATH", wide.data(), size);
  wide.resize(length < size ? length : 0);
  std::string value = from_utf16(wide);
  const std::lock_guard lock(mutex);
  if (values.empty() || values.back() != value) {
    values.push_back(std::move(value));
  }
  return values.back();
}

void
for_each_path_entry(std::string_view path_list, RelativeEntries relative,
                    const std::function<bool(std::string_view directory, int entry)>& visit)
{
  int entry = 0;
  for (std::size_t start = 0; start <= path_list.size();) {
    auto end = path_list.find(';', start);
    if (end == std::string_view::npos) {
      end = path_list.size();
    }
    auto directory = path_list.substr(start, end - start);
    start = end + 1;
    ++entry;
    if (directory.size() >= 2 && directory.front() == '"' && directory.back() == '"') {
      directory = directory.substr(1, directory.size() - 2);
    }
    if (!is_absolute_path(directory) && relative == RelativeEntries::skipped) {
      continue;
    }
    if (visit(directory.empty() ? std::string_view(".") : directory, entry)) {
      return;
    }
  }
}

bool
is_executable_file(const std::string& path)
{
  const DWORD attributes = ::GetFileAttributesW(to_utf16(path).c_str());
  return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0 && has_exe_suffix(path);
}

std::string
find_on_path(std::string_view path_list, std::string_view name, RelativeEntries relative)
{
  const std::string file = has_exe_suffix(name) ? std::string(name) : std::string(name) + ".exe";
  std::string found;
  for_each_path_entry(path_list, relative, [&](std::string_view directory, int) {
    std::string candidate(directory);
    if (candidate.back() != '\\' && candidate.back() != '/') {
      candidate += '\\';
    }
    candidate += file;
    if (is_executable_file(candidate)) {
      found = std::move(candidate);
      return true;
    }
    return false;
  });
  return found;
}

} // namespace sd::util
