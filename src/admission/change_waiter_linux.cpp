#include "admission/change_waiter.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

// inotify on the few files whose change can end a waiter's wait, never on the directory: a
// directory watch would wake every waiter for every file any process opens or closes there
// (each newcomer's liveness checks alone close one file per waiter), and on a small machine
// those wake-ups delay the very handoff they wait for. So a handoff wakes one waiter:
//  1. the head watches the slot files for a close (a holder released its slot or died);
//  2. any other waiter watches the file of the live waiter just ahead of it: unlinked
//     (IN_ATTRIB, it got its slot or gave up) or closed after writing (its owner died).
// Other waiters' liveness checks close without writing: not watched.

namespace sd::admission {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::uint32_t
events_of(FileChange change)
{
  return change == FileChange::closed ? IN_CLOSE_WRITE | IN_CLOSE_NOWRITE : IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF;
}

} // namespace

ChangeWaiter::ChangeWaiter()
  : m_fd(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) // none (e.g. max_user_instances): the timeout remains
{}

ChangeWaiter::~ChangeWaiter() = default;

bool
ChangeWaiter::follow(const StateDir& dir, const std::vector<std::string>& names, FileChange change)
{
  if ((names == m_names && change == m_change) || !m_fd.valid()) {
    return true;
  }
  for (const auto wd : m_watches) {
    ::inotify_rm_watch(m_fd.get(), static_cast<int>(wd)); // its pending events are told apart by wd
  }
  m_watches.clear();
  m_names.clear();
  for (const auto& name : names) {
    const int wd = ::inotify_add_watch(m_fd.get(), dir.file_path(name).c_str(), events_of(change) | IN_DONT_FOLLOW);
    if (wd < 0) {
      return errno != ENOENT; // otherwise (e.g. max_user_watches) the timeout remains
    }
    m_watches.push_back(wd);
  }
  m_names = names;
  m_change = change;
  return true;
}

void
ChangeWaiter::wait(milliseconds timeout)
{
  const auto deadline = steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::ceil<milliseconds>(deadline - steady_clock::now());
    pollfd watch{m_fd.get(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&watch, m_fd.valid() ? 1 : 0, static_cast<int>(left.count())) <= 0) {
      return; // timeout or signal: the caller re-checks
    }
    // True when an event of a current watch was read (or events were lost).
    bool current = false;
    alignas(inotify_event) char buffer[4096];
    ssize_t got = 0;
    while ((got = ::read(m_fd.get(), buffer, sizeof buffer)) > 0) {
      for (std::size_t at = 0; at < static_cast<std::size_t>(got);) {
        inotify_event event{};
        std::memcpy(&event, buffer + at, sizeof event);
        current = current || (event.mask & IN_Q_OVERFLOW) != 0
                  || std::find(m_watches.begin(), m_watches.end(), event.wd) != m_watches.end();
        at += sizeof event + event.len;
      }
    }
    if (current) {
      return;
    }
  }
}

UniqueFd
ChangeWaiter::take()
{
  return std::move(m_fd);
}

bool
ChangeWaiter::watching() const
{
  return m_fd.valid();
}

// Waiters see the change itself: nothing to tell.
ChangeNotice::ChangeNotice(const StateDir&, std::string_view, FileChange)
{}

void
ChangeNotice::give() const
{}

} // namespace sd::admission
