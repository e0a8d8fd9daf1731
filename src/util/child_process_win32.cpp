#include "util/child_process.hpp"

#include "util/command_line.hpp"
#include "util/path_search.hpp"
#include "util/utf16.hpp"

#include <windows.h>

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <io.h>
#include <map>
#include <mutex>

// CreateProcessW with an explicit list of the handles the child inherits (its three standard
// streams, nothing else, whatever other threads make inheritable meanwhile), and the command
// line built so that the child's argv is exactly spec.argv (util/command_line.hpp). Windows has
// no signals to reset or block: those fields of ChildSpec have no effect here, and a child in a
// process group of its own does not get the console's Ctrl-C. keep_fd has no effect either: a
// Windows lock belongs to the process that took it, so a child cannot share it (sessions say
// what that changes).

namespace sd::util {

namespace {

// Each started child's process handle, by pid, until wait_child: holding it keeps the pid from
// being reused by another process meanwhile.
std::mutex g_children_mutex;
std::map<int, HANDLE> g_children;

HANDLE
inheritable_copy(HANDLE handle)
{
  HANDLE copy = nullptr;
  const HANDLE self = ::GetCurrentProcess();
  return ::DuplicateHandle(self, handle, self, &copy, 0, TRUE, DUPLICATE_SAME_ACCESS) != 0 ? copy : nullptr;
}

HANDLE
open_null(bool for_reading)
{
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  const HANDLE handle = ::CreateFileW(L"NUL", for_reading ? GENERIC_READ : GENERIC_WRITE,
                                      FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING, 0, nullptr);
  return handle == INVALID_HANDLE_VALUE ? nullptr : handle;
}

} // namespace

StartedChild
start_child(const ChildSpec& spec)
{
  StartedChild started;
  if (spec.argv.empty()) {
    errno = EINVAL;
    return started;
  }
  const std::string program =
    spec.path.empty() ? find_on_path(path_variable(), spec.argv.front(), RelativeEntries::searched) : spec.path;
  if (program.empty()) {
    errno = ENOENT;
    return started;
  }

  // The child's handle of each stream (inheritable), and our end of each pipe.
  std::array<HANDLE, 3> theirs{nullptr, nullptr, nullptr};
  std::array<HANDLE, 3> ours{nullptr, nullptr, nullptr};
  const std::array streams{spec.in, spec.out, spec.err};
  const std::array std_ids{STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
  const auto close_all = [&] {
    for (std::size_t i = 0; i < 3; ++i) {
      for (HANDLE* h : {&theirs[i], &ours[i]}) {
        if (*h != nullptr) {
          ::CloseHandle(*h);
          *h = nullptr;
        }
      }
    }
  };
  for (std::size_t i = 0; i < 3; ++i) {
    if (streams[i] == ChildStream::pipe) {
      SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
      HANDLE read_end = nullptr;
      HANDLE write_end = nullptr;
      if (::CreatePipe(&read_end, &write_end, &inherit, 0) == 0) {
        set_errno_from_last_error();
        close_all();
        return started;
      }
      // stdin: the child reads; stdout and stderr: it writes. Our end is never inherited.
      theirs[i] = i == 0 ? read_end : write_end;
      ours[i] = i == 0 ? write_end : read_end;
      ::SetHandleInformation(ours[i], HANDLE_FLAG_INHERIT, 0);
      continue;
    }
    const HANDLE own = ::GetStdHandle(std_ids[i]);
    const bool usable = own != nullptr && own != INVALID_HANDLE_VALUE;
    theirs[i] = streams[i] == ChildStream::ours && usable ? inheritable_copy(own) : open_null(i == 0);
    if (theirs[i] == nullptr) {
      set_errno_from_last_error();
      close_all();
      return started;
    }
  }

  SIZE_T size = 0;
  ::InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
  std::vector<char> attribute_storage(size);
  auto* attributes = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attribute_storage.data());
  // The list may name a handle once only: stdout and stderr may be one copy of the same handle.
  std::vector<HANDLE> inherited{theirs[0], theirs[1]};
  if (theirs[2] != theirs[1]) {
    inherited.push_back(theirs[2]);
  }
  if (::InitializeProcThreadAttributeList(attributes, 1, 0, &size) == 0
      || ::UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited.data(),
                                     inherited.size() * sizeof(HANDLE), nullptr, nullptr)
           == 0) {
    set_errno_from_last_error();
    close_all();
    return started;
  }

  STARTUPINFOEXW startup{};
  startup.StartupInfo.cb = sizeof startup;
  startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
  startup.StartupInfo.hStdInput = theirs[0];
  startup.StartupInfo.hStdOutput = theirs[1];
  startup.StartupInfo.hStdError = theirs[2];
  startup.lpAttributeList = attributes;
  std::wstring command_line = to_utf16(join_command_line(spec.argv));
  const DWORD flags = EXTENDED_STARTUPINFO_PRESENT | (spec.own_process_group ? CREATE_NEW_PROCESS_GROUP : 0);
  PROCESS_INFORMATION process{};
  const BOOL created = ::CreateProcessW(to_utf16(program).c_str(), command_line.data(), nullptr, nullptr, TRUE, flags,
                                        nullptr, nullptr, &startup.StartupInfo, &process);
  if (created == 0) {
    set_errno_from_last_error();
  }
  ::DeleteProcThreadAttributeList(attributes);
  // The child's ends are the child's now.
  for (HANDLE& h : theirs) {
    if (h != nullptr) {
      ::CloseHandle(h);
      h = nullptr;
    }
  }
  if (created == 0) {
    close_all();
    return started;
  }
  ::CloseHandle(process.hThread);
  {
    const std::lock_guard lock(g_children_mutex);
    g_children[static_cast<int>(process.dwProcessId)] = process.hProcess;
  }
  started.pid = static_cast<int>(process.dwProcessId);
  const auto to_fd = [](HANDLE h, int mode) {
    return h == nullptr ? -1 : ::_open_osfhandle(reinterpret_cast<intptr_t>(h), mode | _O_BINARY);
  };
  started.in_fd = to_fd(ours[0], _O_WRONLY);
  started.out_fd = to_fd(ours[1], _O_RDONLY);
  started.err_fd = to_fd(ours[2], _O_RDONLY);
  return started;
}

int
exit_status(int wait_status)
{
  // A Windows exit code is the whole status: no signal ends a process here.
  return wait_status;
}

int
wait_child(int pid)
{
  HANDLE process = nullptr;
  {
    const std::lock_guard lock(g_children_mutex);
    if (const auto found = g_children.find(pid); found != g_children.end()) {
      process = found->second;
      g_children.erase(found);
    }
  }
  if (process == nullptr) {
    process = ::OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (process == nullptr) {
      set_errno_from_last_error();
      return -1;
    }
  }
  DWORD code = 0;
  const bool ok =
    ::WaitForSingleObject(process, INFINITE) == WAIT_OBJECT_0 && ::GetExitCodeProcess(process, &code) != 0;
  if (!ok) {
    set_errno_from_last_error();
  }
  ::CloseHandle(process);
  return ok ? exit_status(static_cast<int>(code)) : -1;
}

std::vector<int>
block_signals(const std::vector<int>&)
{
  return {}; // no signal masks on Windows
}

std::vector<int>
block_process_signals()
{
  return {};
}

void
set_blocked_signals(const std::vector<int>&)
{}

} // namespace sd::util
