#include "admission/change_waiter.hpp"

#include <algorithm>
#include <thread>

namespace sd::admission {

namespace {

using std::chrono::milliseconds;

// The first and the longest sleep between checks. The head takes a slot as soon as one is
// free, so it checks often; the others only move up when the one ahead leaves.
struct Sleeps
{
  milliseconds first;
  milliseconds longest;
};

Sleeps
sleeps_of(FileChange change)
{
  return change == FileChange::closed ? Sleeps{milliseconds(1), milliseconds(4)}
                                      : Sleeps{milliseconds(2), milliseconds(16)};
}

} // namespace

ChangeWaiter::ChangeWaiter() = default;

ChangeWaiter::~ChangeWaiter() = default;

bool
ChangeWaiter::follow(const StateDir&, const std::vector<std::string>& names, FileChange change)
{
  if (names != m_names || change != m_change) {
    m_names = names;
    m_change = change;
    m_sleep = sleeps_of(change).first;
  }
  return true;
}

void
ChangeWaiter::wait(milliseconds timeout)
{
  const auto sleeps = sleeps_of(m_change);
  if (m_sleep.count() == 0) {
    m_sleep = sleeps.first;
  }
  std::this_thread::sleep_for(std::min(timeout, m_sleep));
  m_sleep = std::min(m_sleep * 2, sleeps.longest);
}

UniqueFd
ChangeWaiter::take()
{
  return {};
}

bool
ChangeWaiter::watching() const
{
  return false;
}

// Waiters see the change itself: nothing to tell.
ChangeNotice::ChangeNotice(const StateDir&, std::string_view, FileChange)
{}

void
ChangeNotice::give() const
{}

} // namespace sd::admission
