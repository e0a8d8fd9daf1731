#include "record/audit_log.hpp"

#include "admission/error.hpp"
#include "admission/state_dir.hpp"
#include "util/absolute_path.hpp"
#include "util/file_lock.hpp"
#include "util/utf16.hpp"
#include "util/windows_support.hpp"

#include <windows.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <io.h>

// Windows: the log's directory is checked and made as a state directory is (owner and access
// list; a new one private to the user), so the checks live in one place (state_dir_win32.cpp).
// The log itself is opened for appending (FILE_APPEND_DATA without FILE_WRITE_DATA), and every
// record is written under an exclusive lock of the file (util/file_lock.hpp): appends are whole
// on NTFS without it, but not on every file system (nor under wine), and a record is small. The
// log is shared for reading, writing and deletion, so that readers and rotation by another
// process go on. A reparse point
// (a symbolic link or junction) is refused, never followed, as is a file with several links.

namespace sd::record {

namespace {

std::pair<std::string, std::string>
split_path(const std::string& path)
{
  std::size_t cut = std::string::npos;
  for (std::size_t i = path.size(); i > 0; --i) {
    if (util::is_path_separator(path[i - 1])) {
      cut = i - 1;
      break;
    }
  }
  if (cut == std::string::npos) {
    return {".", path};
  }
  return {path.substr(0, cut), path.substr(cut + 1)};
}

admission::Sharing
sharing_of(const AuditConfig& config)
{
  return config.shared ? admission::Sharing::shared : admission::Sharing::per_user;
}

std::string
last_error_text(const std::string& what, const std::string& path)
{
  util::set_errno_from_last_error();
  return what + " " + path + ": " + std::strerror(errno);
}

struct Identity
{
  DWORD volume = 0;
  std::uint64_t index = 0;
  std::uint64_t size = 0;
};

std::optional<Identity>
identity_of(HANDLE file)
{
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileInformationByHandle(file, &info) == 0) {
    return std::nullopt;
  }
  return Identity{info.dwVolumeSerialNumber, (std::uint64_t{info.nFileIndexHigh} << 32) | info.nFileIndexLow,
                  (std::uint64_t{info.nFileSizeHigh} << 32) | info.nFileSizeLow};
}

// Whether `file` is to be removed once its last handle closes: removed by name without POSIX
// semantics (older Windows, FAT, wine), its name still leads to it meanwhile, but whatever is
// written to it goes with it.
bool
removal_pending(HANDLE file)
{
  FILE_STANDARD_INFO info{};
  return ::GetFileInformationByHandleEx(file, FileStandardInfo, &info, sizeof info) != 0 && info.DeletePending != 0;
}

// The identity of whatever is at `path` now (a link as itself), or nullopt.
std::optional<Identity>
identity_at(const std::string& path)
{
  const HANDLE file = ::CreateFileW(util::to_utf16(path).c_str(), FILE_READ_ATTRIBUTES,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                    FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    return std::nullopt;
  }
  auto identity = identity_of(file);
  ::CloseHandle(file);
  return identity;
}

// Rotation is serialised by PATH.lock, as on POSIX systems: whoever takes it first rotates; one
// that waited sees the file already small and does nothing.
void
rotate(const AuditConfig& config, const admission::StateDir& dir, const std::string& name)
{
  try {
    const std::string lock_name = name + ".lock";
    const auto lock = dir.open_file(lock_name, admission::OpenFor::updating);
    dir.lock(lock, lock_name, util::FileLock::exclusive);
    const auto now = identity_at(dir.file_path(name));
    if (!now || now->size < config.max_bytes) {
      return;
    }
    dir.remove(rotated_audit_path(name, config.keep));
    for (int k = config.keep - 1; k >= 1; --k) {
      try {
        dir.rename(rotated_audit_path(name, k), rotated_audit_path(name, k + 1));
      } catch (const admission::AdmissionError&) {
        // a rotated file that is not there
      }
    }
    if (config.keep >= 1) {
      dir.rename(name, rotated_audit_path(name, 1));
    } else {
      dir.remove(name);
    }
  } catch (const admission::AdmissionError&) {
    // Not rotated this time: the next append tries again.
  }
}

// Opens the log for appending in its checked directory and checks the file. Returns -1 with
// `error` set.
int
open_checked_log(const AuditConfig& config, const admission::StateDir& dir, const std::string& name, std::string& error)
{
  // GENERIC_READ too: a handle without read or write data access cannot be locked.
  const HANDLE file =
    ::CreateFileW(util::to_utf16(dir.file_path(name)).c_str(), FILE_APPEND_DATA | GENERIC_READ | SYNCHRONIZE,
                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                  FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    error = last_error_text("cannot open audit log", config.path);
    return -1;
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileInformationByHandle(file, &info) == 0) {
    error = last_error_text("cannot read audit log", config.path);
  } else if ((info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
    error = "refusing audit log " + config.path + ": it is a symbolic link or junction (never followed); remove it";
  } else if ((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    error = "refusing audit log " + config.path + ": not a regular file; remove it";
  } else if (info.nNumberOfLinks > 1) {
    error = "refusing audit log " + config.path + ": it has " + std::to_string(info.nNumberOfLinks)
            + " hard links; remove it";
  } else if (removal_pending(file)) {
    error = "cannot open audit log " + config.path
            + ": it was removed and another process still holds it open; the next call makes it anew";
  }
  const int fd = error.empty() ? ::_open_osfhandle(reinterpret_cast<intptr_t>(file), _O_WRONLY | _O_BINARY) : -1;
  if (fd < 0) {
    ::CloseHandle(file);
    if (error.empty()) {
      error = "cannot open audit log " + config.path + ": too many open files";
    }
  }
  return fd;
}

HANDLE
handle_of(int fd)
{
  return reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
}

// The log open for appending, rotated first when it has reached max_bytes. -1 with `error` set.
int
open_for_append(const AuditConfig& config, std::string& error)
{
  const auto [dir_path, name] = split_path(config.path);
  try {
    const auto dir = admission::StateDir::open(dir_path, sharing_of(config));
    int fd = open_checked_log(config, dir, name, error);
    const auto identity = fd >= 0 ? identity_of(handle_of(fd)) : std::nullopt;
    if (identity && identity->size >= config.max_bytes) {
      ::_close(fd);
      rotate(config, dir, name);
      fd = open_checked_log(config, dir, name, error);
    }
    return fd;
  } catch (const admission::AdmissionError& refused) {
    error = std::string(refused.what()) + " (the audit log's directory)";
    return -1;
  }
}

std::optional<std::string>
write_record(const AuditConfig& config, int fd, std::string_view line)
{
  std::string record(line);
  record += '\n';
  if (!util::lock_file(fd, util::FileLock::exclusive)) {
    return "cannot lock audit log " + config.path + ": " + std::strerror(errno);
  }
  DWORD written = 0;
  const BOOL wrote = ::WriteFile(handle_of(fd), record.data(), static_cast<DWORD>(record.size()), &written, nullptr);
  std::optional<std::string> error;
  if (wrote == 0) {
    error = last_error_text("cannot write audit log", config.path);
  } else if (written != record.size()) {
    // A short write (disk full): end the fragment, so the next record starts a line of its own.
    DWORD ignored = 0;
    ::WriteFile(handle_of(fd), "\n", 1, &ignored, nullptr);
    errno = ENOSPC;
    error = "short write to audit log " + config.path + ": " + std::strerror(errno);
  }
  util::unlock_file(fd);
  return error;
}

constexpr std::string_view k_failures_file = "audit-failures";

std::optional<admission::StateDir>
failures_dir(const AuditConfig& config)
{
  if (config.failures_dir.empty()) {
    return std::nullopt;
  }
  try {
    return admission::StateDir::open(config.failures_dir, sharing_of(config));
  } catch (const admission::AdmissionError&) {
    return std::nullopt;
  }
}

} // namespace

std::string
state_directory()
{
  // %LOCALAPPDATA%\safedocker: this machine's, not roamed to others.
  const std::string local = util::known_folder(util::KnownFolder::local_app_data);
  return (local.empty() ? std::string("C:\\ProgramData") : local) + "\\safedocker";
}

void
count_write_failure(const AuditConfig& config)
{
  const auto dir = failures_dir(config);
  if (!dir) {
    return;
  }
  try {
    const auto fd = dir->open_file(k_failures_file, admission::OpenFor::updating);
    // At the end of the file, whoever else appends (both offsets all ones: "append").
    OVERLAPPED end{};
    end.Offset = 0xFFFFFFFF;
    end.OffsetHigh = 0xFFFFFFFF;
    DWORD written = 0;
    ::WriteFile(reinterpret_cast<HANDLE>(::_get_osfhandle(fd.get())), "x", 1, &written, &end);
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
    LARGE_INTEGER size{};
    return fd.valid() && ::GetFileSizeEx(reinterpret_cast<HANDLE>(::_get_osfhandle(fd.get())), &size) != 0
             ? static_cast<std::uint64_t>(size.QuadPart)
             : 0;
  } catch (const admission::AdmissionError&) {
    return 0;
  }
}

std::optional<std::string>
append_line(const AuditConfig& config, std::string_view line)
{
  std::string error;
  const int fd = open_for_append(config, error);
  if (fd < 0) {
    return error;
  }
  auto write_error = write_record(config, fd, line);
  ::_close(fd);
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
    ::_close(m_fd);
    m_fd = -1;
  }
}

std::optional<std::string>
OpenAuditLog::append(const AuditConfig& config, std::string_view line)
{
  // The name must still lead to the file held open, under its size limit and not being
  // removed; else it is opened again, checked (rotated by another process, removed, replaced).
  if (m_fd >= 0) {
    const auto now = identity_at(config.path);
    if (!now || now->volume != m_device || now->index != m_inode || now->size >= config.max_bytes
        || removal_pending(handle_of(m_fd))) {
      close();
    }
  }
  if (m_fd < 0) {
    std::string error;
    m_fd = open_for_append(config, error);
    if (m_fd < 0) {
      return error;
    }
    const auto identity = identity_of(handle_of(m_fd));
    if (!identity) {
      close();
      return last_error_text("cannot read audit log", config.path);
    }
    m_device = identity->volume;
    m_inode = identity->index;
  }
  return write_record(config, m_fd, line);
}

} // namespace sd::record
