#include "util/process_identity.hpp"

#include "util/utf16.hpp"

#include <windows.h>

#include <tlhelp32.h>

#include <cstdlib>

// Windows has no uids: own_uid() is the session id, which tells apart the users logged on to
// one machine (the per-user state directory under %LOCALAPPDATA% is what keeps them apart).

namespace sd::util {

std::int64_t
own_pid()
{
  return static_cast<std::int64_t>(::GetCurrentProcessId());
}

std::int64_t
parent_pid()
{
  // The toolhelp snapshot is the documented way; it costs about a millisecond, and only audit
  // records and sessions ask.
  const DWORD self = ::GetCurrentProcessId();
  const HANDLE snapshot = ::CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
  if (snapshot == INVALID_HANDLE_VALUE) {
    return 0;
  }
  PROCESSENTRY32W entry{};
  entry.dwSize = sizeof entry;
  std::int64_t parent = 0;
  for (BOOL more = ::Process32FirstW(snapshot, &entry); more != 0; more = ::Process32NextW(snapshot, &entry)) {
    if (entry.th32ProcessID == self) {
      parent = entry.th32ParentProcessID;
      break;
    }
  }
  ::CloseHandle(snapshot);
  return parent;
}

std::uint32_t
own_uid()
{
  DWORD session = 0;
  ::ProcessIdToSessionId(::GetCurrentProcessId(), &session);
  return session;
}

std::string
host_name()
{
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
  return ::GetComputerNameW(name, &size) != 0 ? from_utf16(std::wstring_view(name, size)) : std::string();
}

std::string
user_name(std::uint32_t)
{
  // The user this process runs as: the only one a session id can name here.
  const DWORD size = ::GetEnvironmentVariableW(L"USERNAME", nullptr, 0);
  if (size == 0) {
    return {};
  }
  std::wstring name(size, L'\0');
  const DWORD length = ::GetEnvironmentVariableW(L"USERNAME", name.data(), size);
  name.resize(length < size ? length : 0);
  return from_utf16(name);
}

std::string
current_directory()
{
  const DWORD size = ::GetCurrentDirectoryW(0, nullptr);
  std::wstring cwd(size, L'\0');
  const DWORD length = size == 0 ? 0 : ::GetCurrentDirectoryW(size, cwd.data());
  cwd.resize(length < size ? length : 0);
  return from_utf16(cwd);
}

bool
process_alive(std::int64_t pid)
{
  if (pid <= 0 || pid > 0xFFFFFFFFLL) {
    return false;
  }
  const HANDLE process = ::OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
  if (process == nullptr) {
    // Another user's process may refuse us and still live.
    return ::GetLastError() == ERROR_ACCESS_DENIED;
  }
  // Not GetExitCodeProcess: STILL_ACTIVE (259) is also an exit code a process may end with.
  const bool alive = ::WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
  ::CloseHandle(process);
  return alive;
}

} // namespace sd::util
