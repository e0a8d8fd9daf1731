#include "run/own_path.hpp"

#include "util/utf16.hpp"

#include <windows.h>

namespace sd::run {

void
note_program_name(const char*)
{
  // Windows tells a program its own file (GetModuleFileNameW): argv[0] is not needed.
}

std::string
own_path()
{
  std::wstring path(MAX_PATH, L'\0');
  while (true) {
    const DWORD length = ::GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (length == 0) {
      return {};
    }
    if (length < path.size()) {
      path.resize(length);
      return util::from_utf16(path);
    }
    path.resize(path.size() * 2); // cut short: a long path
  }
}

} // namespace sd::run
