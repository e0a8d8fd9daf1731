#include "record/audit_log.hpp"

#include "admission/error.hpp"
#include "admission/state_dir.hpp"
#include "util/file_lock.hpp"
#include "util/file_mode.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace sd::record {

namespace {

std::string
error_text(const std::string& what, const std::string& path)
{
  return what + " " + path + ": " + std::strerror(errno);
}

// mkdir -p for the log's directory, private to the user.
bool
make_parent_dirs(const std::string& path, mode_t mode)
{
  for (auto slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const auto dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) {
      return false;
    }
  }
  return true;
}

mode_t
file_mode(const AuditConfig& config)
{
  return config.shared ? 0640 : 0600;
}

// The log's directory and file name: "/a/b/audit.jsonl" → "/a/b", "audit.jsonl".
std::pair<std::string, std::string>
split_path(const std::string& path)
{
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) {
    return {".", path};
  }
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

// The log's directory, opened without following a symlink and checked on its descriptor, so
// the directory checked is the one written to. Another user who owns it, or may write to it
// without the sticky bit, could read, replace or plant the log (a directory under /tmp made
// first by someone else). Returns the descriptor, or -1 with `error` set.
int
open_checked_dir(const AuditConfig& config, const std::string& dir, std::string& error)
{
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && make_parent_dirs(config.path, config.shared ? 0750 : 0700)) {
    fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  }
  if (fd < 0) {
    const int open_errno = errno;
    struct stat link = {};
    if (::lstat(dir.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      error = "refusing audit log directory " + dir
              + ": it is a symbolic link (never followed); use a real directory or set audit.path";
    } else {
      errno = open_errno;
      error = error_text("cannot open audit log", config.path);
    }
    return -1;
  }
  struct stat info = {};
  if (::fstat(fd, &info) != 0) {
    error = error_text("cannot stat audit log directory", dir);
    ::close(fd);
    return -1;
  }
  const uid_t me = ::geteuid();
  const bool sticky = (info.st_mode & S_ISVTX) != 0;
  const mode_t unsafe_write = config.shared ? S_IWOTH : (S_IWGRP | S_IWOTH);
  if (info.st_uid != me && info.st_uid != 0) {
    error = "refusing audit log directory " + dir + ": owned by uid " + std::to_string(info.st_uid)
            + ", not by you (uid " + std::to_string(me) + ") or root; use a directory of your own or set audit.path";
  } else if ((info.st_mode & unsafe_write) != 0 && !sticky) {
    error = "refusing audit log directory " + dir + ": mode " + util::mode_text(info.st_mode)
            + " lets others replace the log; chmod go-w " + dir;
  }
  if (!error.empty()) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Rotation is serialised by PATH.lock. Whoever takes the lock first rotates; a second process
// that waited sees the file already small (or a new inode) and does nothing. Every name is
// resolved in the checked directory and never through a symlink.
void
rotate(const AuditConfig& config, int dir, const std::string& name)
{
  const std::string lock_name = name + ".lock";
  const int lock = ::openat(dir, lock_name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if (lock < 0) {
    return;
  }
  if (util::lock_file(lock, util::FileLock::exclusive)) {
    struct stat info = {};
    if (::fstatat(dir, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0
        && static_cast<std::uint64_t>(info.st_size) >= config.max_bytes) {
      ::unlinkat(dir, rotated_audit_path(name, config.keep).c_str(), 0);
      for (int k = config.keep - 1; k >= 1; --k) {
        ::renameat(dir, rotated_audit_path(name, k).c_str(), dir, rotated_audit_path(name, k + 1).c_str());
      }
      if (config.keep >= 1) {
        ::renameat(dir, name.c_str(), dir, rotated_audit_path(name, 1).c_str());
      } else {
        ::unlinkat(dir, name.c_str(), 0);
      }
    }
  }
  ::close(lock);
}

// O_NONBLOCK: a FIFO planted under the log's name must not hang the call; no effect on a file.
int
open_log(const AuditConfig& config, int dir, const std::string& name)
{
  return ::openat(dir, name.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
                  file_mode(config));
}

// Opens the log in its checked directory and checks the file: a regular file with one link,
// owned by us (or root). A log of ours with another mode (made by hand, or by an older version
// under a loose umask) is set back to 0600 (0640 shared). Returns -1 with `error` set.
int
open_checked_log(const AuditConfig& config, int dir, const std::string& name, std::string& error)
{
  const int fd = open_log(config, dir, name);
  if (fd < 0) {
    error = errno == ELOOP ? "refusing audit log " + config.path + ": it is a symbolic link (never followed); remove it"
                           : error_text("cannot open audit log", config.path);
    return -1;
  }
  struct stat info = {};
  if (::fstat(fd, &info) != 0) {
    error = error_text("cannot stat audit log", config.path);
  } else if (!S_ISREG(info.st_mode)) {
    error = "refusing audit log " + config.path + ": not a regular file; remove it";
  } else if (info.st_nlink > 1) {
    error =
      "refusing audit log " + config.path + ": it has " + std::to_string(info.st_nlink) + " hard links; remove it";
  } else if (info.st_uid != ::geteuid() && info.st_uid != 0) {
    error = "refusing audit log " + config.path + ": owned by uid " + std::to_string(info.st_uid)
            + ", not by you; remove it or set audit.path";
  } else if (info.st_uid == ::geteuid() && (info.st_mode & 07777) != file_mode(config)) {
    (void)::fchmod(fd, file_mode(config)); // the umask, or a hand-made file, must not widen it
  }
  if (!error.empty()) {
    ::close(fd);
    return -1;
  }
  return fd;
}

} // namespace

std::string
state_directory()
{
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state == '/') {
    return std::string(state) + "/safedocker";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    return std::string(home) + "/.local/state/safedocker";
  }
  return "/tmp/safedocker-" + std::to_string(::getuid());
}

namespace {

constexpr std::string_view k_failures_file = "audit-failures";

// The lock directory, checked as the shim checks it (ours, never a symlink, not writable by
// others): a count is never written into, or read from, a directory someone else planted.
std::optional<admission::StateDir>
failures_dir(const AuditConfig& config)
{
  if (config.failures_dir.empty()) {
    return std::nullopt;
  }
  try {
    return admission::StateDir::open(config.failures_dir,
                                     config.shared ? admission::Sharing::shared : admission::Sharing::per_user);
  } catch (const admission::AdmissionError&) {
    return std::nullopt;
  }
}

} // namespace

void
count_write_failure(const AuditConfig& config)
{
  const auto dir = failures_dir(config);
  if (!dir) {
    return;
  }
  try {
    const auto fd = dir->open_file(k_failures_file, admission::OpenFor::updating);
    // Appended, so that processes failing at once each count.
    if (::fcntl(fd.get(), F_SETFL, O_APPEND) == 0) {
      [[maybe_unused]] const auto written = ::write(fd.get(), "x", 1);
    }
  } catch (const admission::AdmissionError&) {
  }
}

std::uint64_t
write_failures(const AuditConfig& config)
{
  const auto dir = failures_dir(config);
  if (!dir) {
    return 0;
  }
  try {
    const auto fd = dir->open_file(k_failures_file, admission::OpenFor::reading);
    struct stat info = {};
    return fd.valid() && ::fstat(fd.get(), &info) == 0 ? static_cast<std::uint64_t>(info.st_size) : 0;
  } catch (const admission::AdmissionError&) {
    return 0;
  }
}

namespace {

// The log opened for appending in its checked directory, rotated first when it has reached
// max_bytes. Returns -1 with `error` set.
int
open_for_append(const AuditConfig& config, std::string& error)
{
  const auto [dir_path, name] = split_path(config.path);
  const int dir = open_checked_dir(config, dir_path, error);
  if (dir < 0) {
    return -1;
  }
  int fd = open_checked_log(config, dir, name, error);
  struct stat info = {};
  if (fd >= 0 && ::fstat(fd, &info) == 0 && static_cast<std::uint64_t>(info.st_size) >= config.max_bytes) {
    ::close(fd);
    rotate(config, dir, name);
    fd = open_checked_log(config, dir, name, error);
  }
  ::close(dir);
  return fd;
}

std::optional<std::string>
write_record(const AuditConfig& config, int fd, std::string_view line)
{
  std::string record(line);
  record += '\n';
  const auto written = ::write(fd, record.data(), record.size());
  if (written < 0) {
    return error_text("cannot write audit log", config.path);
  }
  if (static_cast<std::size_t>(written) != record.size()) {
    // A short write (disk full). The fragment would be a torn line, and with no room left for a
    // newline the next record would be glued to it: cut it off again. O_APPEND left the offset
    // at its end; when someone appended after it, end it with a newline instead (torn, counted).
    const off_t end = ::lseek(fd, 0, SEEK_CUR);
    struct stat now = {};
    if (end >= written && ::fstat(fd, &now) == 0 && now.st_size == end) {
      (void)::ftruncate(fd, end - written);
    } else {
      (void)::write(fd, "\n", 1);
    }
    errno = ENOSPC;
    return error_text("short write to audit log", config.path);
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string>
append_line(const AuditConfig& config, std::string_view line)
{
  std::string error;
  const int fd = open_for_append(config, error);
  if (fd < 0) {
    return error;
  }
  auto write_error = write_record(config, fd, line);
  ::close(fd);
  return write_error;
}

OpenAuditLog::~OpenAuditLog()
{
  close();
}

void
OpenAuditLog::close()
{
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

std::optional<std::string>
OpenAuditLog::append(const AuditConfig& config, std::string_view line)
{
  // The name must still lead to the file held open, under its size limit: another process may
  // have rotated it, or someone removed or replaced it. Otherwise it is opened again, checked.
  struct stat now = {};
  if (m_fd >= 0
      && (::lstat(config.path.c_str(), &now) != 0 || static_cast<std::uint64_t>(now.st_dev) != m_device
          || static_cast<std::uint64_t>(now.st_ino) != m_inode
          || static_cast<std::uint64_t>(now.st_size) >= config.max_bytes)) {
    close();
  }
  if (m_fd < 0) {
    std::string error;
    m_fd = open_for_append(config, error);
    if (m_fd < 0) {
      return error;
    }
    struct stat info = {};
    if (::fstat(m_fd, &info) != 0) {
      close();
      return error_text("cannot stat audit log", config.path);
    }
    m_device = static_cast<std::uint64_t>(info.st_dev);
    m_inode = static_cast<std::uint64_t>(info.st_ino);
  }
  return write_record(config, m_fd, line);
}

} // namespace sd::record
