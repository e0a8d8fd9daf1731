#pragma once

// Helpers for the admission unit tests: temporary directories, fake clock and random, and
// forked children that are always reaped (and killed if a test fails before waiting).

#include "admission/clock.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#ifndef _WIN32
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace sd::admission::testing {

/// A fresh directory (mode 0700) under /tmp, removed with everything in it at the end.
class TempDir
{
public:
  TempDir()
  {
#ifdef _WIN32
    // Windows: a new directory under %TEMP%, made by this test alone (create_directory is false
    // when it already exists).
    std::random_device seed;
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100 && m_path.empty(); ++attempt) {
      const auto candidate = base / ("sd-admission-" + std::to_string(seed()));
      if (std::filesystem::create_directory(candidate)) {
        m_path = candidate.string();
      }
    }
#else
    char pattern[] = "/tmp/sd-admission-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    m_path = made != nullptr ? made : "";
#endif
  }
  ~TempDir()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const
  {
    return m_path;
  }
  std::string operator/(const std::string& name) const
  {
    return m_path + "/" + name;
  }

private:
  std::string m_path;
};

/// Time that moves only when told to (or when something sleeps on it).
class FakeClock final : public Clock
{
public:
  explicit FakeClock(std::int64_t epoch_ms = 1'700'000'000'000)
    : m_now(from_epoch_ms(epoch_ms))
  {}
  std::chrono::system_clock::time_point now() const override { return m_now; }
  std::chrono::steady_clock::time_point steady() const override
  {
    return std::chrono::steady_clock::time_point(
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(m_now.time_since_epoch()));
  }
  void sleep_for(std::chrono::milliseconds duration) override
  {
    m_slept.push_back(duration);
    if (m_sleep_advances) {
      advance(duration);
    }
  }

  void advance(std::chrono::milliseconds duration) { m_now += duration; }
  /// Whether sleep_for moves the time (default) or only records.
  void set_sleep_advances(bool advances) { m_sleep_advances = advances; }
  const std::vector<std::chrono::milliseconds>& slept() const { return m_slept; }

private:
  std::chrono::system_clock::time_point m_now;
  std::vector<std::chrono::milliseconds> m_slept;
  bool m_sleep_advances = true;
};

/// Returns the given values in turn (the last one forever).
class FakeRandom final : public Random
{
public:
  explicit FakeRandom(std::vector<double> values)
    : m_values(std::move(values))
  {}
  double uniform() override
  {
    const double value = m_values.at(m_next);
    m_next = std::min(m_next + 1, m_values.size() - 1);
    return value;
  }

private:
  std::vector<double> m_values;
  std::size_t m_next = 0;
};

#ifndef _WIN32
/// A pipe for children to report to the parent, one line at a time.
class Pipe
{
public:
  Pipe()
  {
    int fds[2] = {-1, -1};
    if (::pipe2(fds, O_CLOEXEC) == 0) {
      m_read = fds[0];
      m_write = fds[1];
    }
  }
  ~Pipe()
  {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  void close_read()
  {
    if (m_read >= 0) {
      ::close(m_read);
      m_read = -1;
    }
  }
  void close_write()
  {
    if (m_write >= 0) {
      ::close(m_write);
      m_write = -1;
    }
  }
  int read_fd() const { return m_read; }
  int write_fd() const { return m_write; }

  /// In a child: writes one line.
  void send(const std::string& line) const
  {
    const std::string text = line + "\n";
    [[maybe_unused]] const auto wrote = ::write(m_write, text.data(), text.size());
  }

  /// In the parent: the next line, or nullopt after `patience` (a hung test fails, not hangs)
  /// or at end of file.
  std::optional<std::string> receive(std::chrono::milliseconds patience = std::chrono::seconds(20))
  {
    const auto until = std::chrono::steady_clock::now() + patience;
    while (true) {
      if (const auto end = m_buffer.find('\n'); end != std::string::npos) {
        auto line = m_buffer.substr(0, end);
        m_buffer.erase(0, end + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      pollfd watch{m_read, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&watch, 1, static_cast<int>(left.count())) <= 0) {
        return std::nullopt;
      }
      char chunk[256];
      const auto got = ::read(m_read, chunk, sizeof chunk);
      if (got <= 0) {
        return std::nullopt;
      }
      m_buffer.append(chunk, static_cast<std::size_t>(got));
    }
  }

private:
  int m_read = -1;
  int m_write = -1;
  std::string m_buffer;
};

/// A forked child running `body` (its return value is the exit status; an exception is 99).
/// Killed and reaped on destruction unless already waited for.
class Child
{
public:
  template<typename Body>
  explicit Child(Body body)
  {
    m_pid = ::fork();
    if (m_pid == 0) {
      int status = 98;
      try {
        status = body();
      } catch (...) {
        status = 99;
      }
      ::_exit(status);
    }
  }
  ~Child()
  {
    if (m_pid > 0 && !m_reaped) {
      ::kill(m_pid, SIGKILL);
      wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return m_pid; }

  /// Waits for the child; its exit status, or 128+N when killed by signal N.
  int wait()
  {
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_reaped = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  /// SIGKILL, then reap.
  int kill_and_wait()
  {
    ::kill(m_pid, SIGKILL);
    return wait();
  }

private:
  pid_t m_pid = -1;
  bool m_reaped = false;
};

#endif

/// Waits (sleeping 1 ms at a time) until `ready()` or `patience` passes; for synchronising with
/// children, never for asserting timing.
template<typename Ready>
bool
eventually(Ready ready, std::chrono::milliseconds patience = std::chrono::seconds(20))
{
  const auto until = std::chrono::steady_clock::now() + patience;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > until) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

} // namespace sd::admission::testing
