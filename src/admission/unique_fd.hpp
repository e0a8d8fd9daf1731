#pragma once

#include <utility>

namespace sd::admission {

/// Closes `fd` (the platform's close).
void close_descriptor(int fd);

/// Owns one file descriptor and closes it once. Closing is what releases an flock, so the
/// lifetime of a UniqueFd is the lifetime of whatever lock it holds.
class UniqueFd
{
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd)
    : m_fd(fd)
  {}
  UniqueFd(UniqueFd&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
  {}
  UniqueFd& operator=(UniqueFd&& other) noexcept
  {
    if (this != &other) {
      reset();
      m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  /// The descriptor, or -1.
  int get() const { return m_fd; }
  /// Whether a descriptor is owned.
  bool valid() const { return m_fd >= 0; }
  /// Gives the descriptor up without closing it (-1 when none); the caller now owns it.
  int release() { return std::exchange(m_fd, -1); }
  /// Closes the descriptor now (if any).
  void reset()
  {
    if (m_fd >= 0) {
      close_descriptor(m_fd);
      m_fd = -1;
    }
  }

private:
  int m_fd = -1;
};

} // namespace sd::admission
