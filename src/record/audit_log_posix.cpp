#include "record/audit_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

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

std::string
rotated_name(const std::string& path, int index)
{
  return path + "." + std::to_string(index);
}

// Rotation is serialised by PATH.lock. Whoever takes the lock first rotates; a second process
// that waited sees the file already small (or a new inode) and does nothing.
void
rotate(const AuditConfig& config)
{
  const std::string lock_path = config.path + ".lock";
  const int lock = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lock < 0) {
    return;
  }
  if (::flock(lock, LOCK_EX) == 0) {
    struct stat info{};
    if (::stat(config.path.c_str(), &info) == 0 && static_cast<std::uint64_t>(info.st_size) >= config.max_bytes) {
      ::unlink(rotated_name(config.path, config.keep).c_str());
      for (int k = config.keep - 1; k >= 1; --k) {
        ::rename(rotated_name(config.path, k).c_str(), rotated_name(config.path, k + 1).c_str());
      }
      if (config.keep >= 1) {
        ::rename(config.path.c_str(), rotated_name(config.path, 1).c_str());
      } else {
        ::unlink(config.path.c_str());
      }
    }
  }
  ::close(lock);
}

mode_t
file_mode(const AuditConfig& config)
{
  return config.shared ? 0640 : 0600;
}

int
open_log(const AuditConfig& config)
{
  return ::open(config.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, file_mode(config));
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

AuditConfig
audit_config(const config::Settings& settings)
{
  AuditConfig config;
  config.enabled = settings.flag("audit.enabled");
  config.path = std::string(settings.text("audit.path"));
  if (config.path.empty()) {
    config.path = state_directory() + "/audit.jsonl";
  }
  config.max_bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(settings.integer("audit.max_bytes"), 1024));
  config.keep = static_cast<int>(std::clamp<std::int64_t>(settings.integer("audit.keep"), 0, 100000));
  config.required = settings.flag("audit.required");
  config.shared = settings.flag("limits.shared");
  return config;
}

std::optional<std::string>
append_line(const AuditConfig& config, std::string_view line)
{
  int fd = open_log(config);
  if (fd < 0 && errno == ENOENT && make_parent_dirs(config.path, config.shared ? 0750 : 0700)) {
    fd = open_log(config);
  }
  if (fd < 0) {
    return error_text("cannot open audit log", config.path);
  }
  struct stat info{};
  const bool known = ::fstat(fd, &info) == 0;
  if (known && info.st_size == 0 && (info.st_mode & 0777) != file_mode(config)) {
    (void)::fchmod(fd, file_mode(config)); // a new file: the umask must not change its mode
  }
  if (known && static_cast<std::uint64_t>(info.st_size) >= config.max_bytes) {
    ::close(fd);
    rotate(config);
    fd = open_log(config);
    if (fd < 0) {
      return error_text("cannot open audit log", config.path);
    }
  }
  std::string record(line);
  record += '\n';
  const auto written = ::write(fd, record.data(), record.size());
  std::optional<std::string> error;
  if (written < 0) {
    error = error_text("cannot write audit log", config.path);
  } else if (static_cast<std::size_t>(written) != record.size()) {
    // A short write (disk full). The fragment would be a torn line, and with no room left for a
    // newline the next record would be glued to it: cut it off again. O_APPEND left the offset
    // at its end; when someone appended after it, end it with a newline instead (torn, counted).
    const off_t end = ::lseek(fd, 0, SEEK_CUR);
    struct stat now{};
    if (end >= written && ::fstat(fd, &now) == 0 && now.st_size == end) {
      (void)::ftruncate(fd, end - written);
    } else {
      (void)::write(fd, "\n", 1);
    }
    errno = ENOSPC;
    error = error_text("short write to audit log", config.path);
  }
  ::close(fd);
  return error;
}

std::vector<std::string>
audit_files(const AuditConfig& config)
{
  std::vector<std::string> files;
  struct stat info{};
  for (int k = config.keep; k >= 1; --k) {
    const auto name = rotated_name(config.path, k);
    if (::stat(name.c_str(), &info) == 0) {
      files.push_back(name);
    }
  }
  if (::stat(config.path.c_str(), &info) == 0) {
    files.push_back(config.path);
  }
  return files;
}

} // namespace sd::record
