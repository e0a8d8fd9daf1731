#include "admission/change_waiter.hpp"

#include "admission/slots.hpp"
#include "util/process_identity.hpp"
#include "util/utf16.hpp"

#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <io.h>

// Windows has no watch on a file's close or unlink (a directory change notification would wake
// every waiter for every change), so what a waiter follows is told to it:
//  1. the head waits on the directory's slot event (auto-reset: one head wakes), which a holder
//     sets once it has released its slot, and on the live holders' process handles (a holder
//     that dies releases its lock with its handles, and its process handle is set);
//  2. any other waiter waits on the event of the waiter just ahead (manual-reset), which that
//     waiter sets once it has left the queue, and on that waiter's process handle.
// The events live in the session's Local namespace, named after the directory's identity
// (volume serial and file index), so every path to the directory meets the same events. A
// waiter makes its event before the check it guards and a notice opens it after the change, so
// a change after the check always finds the event. Processes of other users or sessions share
// no event: for them the re-check of slots.hpp (100 ms) remains.

namespace sd::admission {

namespace {

HANDLE
handle_of(std::intptr_t watch)
{
  return reinterpret_cast<HANDLE>(watch);
}

// "Local\safedocker-VOLUME-INDEX.slots" (closed) or "….waiter.T" (left); "" when the
// directory's identity cannot be read.
std::string
event_name(const StateDir& dir, std::string_view name, FileChange change)
{
  BY_HANDLE_FILE_INFORMATION info{};
  const auto handle = reinterpret_cast<HANDLE>(::_get_osfhandle(dir.fd()));
  if (handle == INVALID_HANDLE_VALUE || !::GetFileInformationByHandle(handle, &info)) {
    return {};
  }
  char channel[64];
  std::snprintf(channel, sizeof channel, "Local\\safedocker-%08lx-%08lx%08lx", info.dwVolumeSerialNumber,
                info.nFileIndexHigh, info.nFileIndexLow);
  return std::string(channel) + (change == FileChange::closed ? std::string(".slots") : "." + std::string(name));
}

// A handle to wait on for the death of process `pid`: null for none, for this process, and for
// one already gone (its handle would end every wait at once).
HANDLE
live_process(std::int64_t pid)
{
  if (pid <= 0 || pid > MAXDWORD || pid == util::own_pid()) {
    return nullptr;
  }
  const HANDLE process = ::OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
  if (process != nullptr && ::WaitForSingleObject(process, 0) != WAIT_TIMEOUT) {
    ::CloseHandle(process);
    return nullptr;
  }
  return process;
}

void
close_all(std::vector<std::intptr_t>& watches)
{
  for (const auto watch : watches) {
    ::CloseHandle(handle_of(watch));
  }
  watches.clear();
}

} // namespace

ChangeWaiter::ChangeWaiter() = default;

ChangeWaiter::~ChangeWaiter()
{
  close_all(m_watches);
}

// Followed anew on every call, even for the same names: the processes behind them change (a new
// holder of slot.1) while the names stay.
bool
ChangeWaiter::follow(const StateDir& dir, const std::vector<std::string>& names, FileChange change)
{
  close_all(m_watches);
  m_names = names;
  m_change = change;
  const auto name = event_name(dir, names.empty() ? std::string() : names.front(), change);
  if (!name.empty()) {
    const BOOL manual_reset = change == FileChange::left ? TRUE : FALSE;
    if (const HANDLE event = ::CreateEventW(nullptr, manual_reset, FALSE, util::to_utf16(name).c_str())) {
      m_watches.push_back(reinterpret_cast<std::intptr_t>(event));
    }
  }
  for (const auto& file : names) {
    const UniqueFd fd = dir.open_file(file, OpenFor::reading);
    if (!fd.valid()) {
      return false; // gone: what it stood for has happened
    }
    if (const HANDLE process = live_process(recorded_pid(read_small_file(fd.get()).value_or("")))) {
      m_watches.push_back(reinterpret_cast<std::intptr_t>(process));
    }
  }
  return true;
}

void
ChangeWaiter::wait(std::chrono::milliseconds timeout)
{
  const auto ms = static_cast<DWORD>(std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, 60'000));
  if (m_watches.empty()) {
    ::Sleep(std::min<DWORD>(ms, 16)); // nothing to wait on (no event could be made): short sleeps
    return;
  }
  // The event first: past MAXIMUM_WAIT_OBJECTS, the last holders are left to the re-check.
  std::vector<HANDLE> handles;
  for (const auto watch : m_watches) {
    if (handles.size() < MAXIMUM_WAIT_OBJECTS) {
      handles.push_back(handle_of(watch));
    }
  }
  ::WaitForMultipleObjects(static_cast<DWORD>(handles.size()), handles.data(), FALSE, ms);
}

UniqueFd
ChangeWaiter::take()
{
  return {};
}

bool
ChangeWaiter::watching() const
{
  return !m_watches.empty();
}

ChangeNotice::ChangeNotice(const StateDir& dir, std::string_view name, FileChange change)
  : m_event(event_name(dir, name, change))
{}

void
ChangeNotice::give() const
{
  if (m_event.empty()) {
    return;
  }
  // Missing: nobody waits.
  if (const HANDLE event = ::OpenEventW(EVENT_MODIFY_STATE, FALSE, util::to_utf16(m_event).c_str())) {
    ::SetEvent(event);
    ::CloseHandle(event);
  }
}

} // namespace sd::admission
