#include "admission/state_dir.hpp"

#include "admission/error.hpp"
#include "util/file_mode.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::admission {

namespace {

std::string
errno_text()
{
  return std::strerror(errno);
}

// mkdir -p with mode 0700: the per-user state directory often lives under ~/.local/state.
void
make_dirs(const std::string& path, mode_t mode)
{
  for (auto slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const auto dir = path.substr(0, slash);
    if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) {
      throw AdmissionError("cannot create directory " + dir + ": " + errno_text());
    }
  }
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
    throw AdmissionError("cannot create directory " + path + ": " + errno_text());
  }
}

int
open_dir(const std::string& path)
{
  return ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

[[noreturn]] void
refuse_unopenable(const std::string& path)
{
  const int open_errno = errno;
  struct stat info = {};
  if (::lstat(path.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
    throw AdmissionError("refusing state directory " + path
                         + ": it is a symbolic link; use a real directory (symlinks are never followed)");
  }
  if (::lstat(path.c_str(), &info) == 0 && !S_ISDIR(info.st_mode)) {
    throw AdmissionError("refusing state directory " + path + ": it is not a directory");
  }
  throw AdmissionError("cannot open state directory " + path + ": " + std::strerror(open_errno));
}

// The checks run on the opened descriptor (fstat), so the directory checked is the one used.
void
check_dir(const std::string& path, int fd, Sharing sharing)
{
  struct stat info = {};
  if (::fstat(fd, &info) != 0) {
    throw AdmissionError("cannot stat state directory " + path + ": " + errno_text());
  }
  const uid_t me = ::geteuid();
  if (sharing == Sharing::per_user) {
    if (info.st_uid != me) {
      throw AdmissionError("refusing state directory " + path + ": owned by uid " + std::to_string(info.st_uid)
                           + ", not by you (uid " + std::to_string(me)
                           + "); use a directory of your own, or the shared mode for a multi-user host");
    }
    if ((info.st_mode & 022) != 0) {
      throw AdmissionError("refusing state directory " + path + ": mode " + util::mode_text(info.st_mode)
                           + " lets group or others write to it; chmod go-w " + path);
    }
    return;
  }
  if (info.st_uid != me && info.st_uid != 0) {
    throw AdmissionError("refusing shared state directory " + path + ": owned by uid " + std::to_string(info.st_uid)
                         + "; it must be owned by root or by you (uid " + std::to_string(me) + ")");
  }
  const mode_t perms = info.st_mode & 0777;
  const bool sticky = (info.st_mode & S_ISVTX) != 0;
  if (perms != 0770 && !(perms == 0777 && sticky)) {
    throw AdmissionError("refusing shared state directory " + path + ": mode " + util::mode_text(info.st_mode)
                         + "; use 0770 or 01770 with a shared group, or 01777");
  }
}

} // namespace

StateDir::StateDir(std::string path, Sharing sharing, UniqueFd fd, unsigned file_mode)
  : m_path(std::move(path)),
    m_sharing(sharing),
    m_fd(std::move(fd)),
    m_file_mode(file_mode)
{}

StateDir
StateDir::open(const std::string& path, Sharing sharing)
{
  if (path.empty() || path.front() != '/') {
    throw AdmissionError("state directory must be an absolute path, not '" + path + "'");
  }
  int fd = open_dir(path);
  bool created = false;
  if (fd < 0 && errno == ENOENT) {
    if (sharing == Sharing::per_user) {
      make_dirs(path, 0700);
    } else if (::mkdir(path.c_str(), 0770) != 0 && errno != EEXIST) {
      throw AdmissionError("cannot create shared state directory " + path + ": " + errno_text());
    }
    created = true;
    fd = open_dir(path);
  }
  if (fd < 0) {
    refuse_unopenable(path);
  }
  UniqueFd dir(fd);
  struct stat info = {};
  if (created && sharing == Sharing::shared && ::fstat(dir.get(), &info) == 0 && info.st_uid == ::geteuid()) {
    // The umask may have removed group bits; only our own new directory is changed.
    (void)::fchmod(dir.get(), 01770);
  }
  check_dir(path, dir.get(), sharing);
  unsigned file_mode = 0600;
  if (sharing == Sharing::shared) {
    file_mode = ::fstat(dir.get(), &info) == 0 && (info.st_mode & 0777) == 0777 ? 0666 : 0660;
  }
  return StateDir(path, sharing, std::move(dir), file_mode);
}

StateDir
StateDir::open_child(std::string_view name) const
{
  const std::string child(name);
  const auto path = file_path(name);
  if (child.empty() || child.find('/') != std::string::npos || child == "." || child == "..") {
    throw AdmissionError("invalid state directory name '" + child + "'");
  }
  struct stat parent = {};
  if (::fstat(m_fd.get(), &parent) != 0) {
    throw AdmissionError("cannot stat state directory " + m_path + ": " + errno_text());
  }
  const mode_t mode = m_sharing == Sharing::per_user ? 0700 : (parent.st_mode & 0777) == 0777 ? 01777 : 01770;
  int fd = ::openat(m_fd.get(), child.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    if (::mkdirat(m_fd.get(), child.c_str(), mode & 0777) != 0 && errno != EEXIST) {
      throw AdmissionError("cannot create state directory " + path + ": " + errno_text());
    }
    fd = ::openat(m_fd.get(), child.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat info = {};
    if (fd >= 0 && ::fstat(fd, &info) == 0 && info.st_uid == ::geteuid() && (info.st_mode & 07777) != mode) {
      (void)::fchmod(fd, mode); // the umask may have removed bits; only our own new directory
    }
  }
  if (fd < 0) {
    refuse_unopenable(path);
  }
  UniqueFd dir(fd);
  check_dir(path, dir.get(), m_sharing);
  return StateDir(path, m_sharing, std::move(dir), m_file_mode);
}

UniqueFd
StateDir::open_file(std::string_view name, OpenFor purpose) const
{
  const std::string file(name);
  // O_NONBLOCK: opening a FIFO planted under our name must not hang; no effect on regular files.
  const int common = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  const int access = purpose == OpenFor::reading ? O_RDONLY : O_RDWR;
  const auto mode = static_cast<mode_t>(m_file_mode);
  UniqueFd fd;
  bool created = false;
  if (purpose == OpenFor::creating) {
    fd = UniqueFd(::openat(m_fd.get(), file.c_str(), common | access | O_CREAT | O_EXCL, mode));
    created = fd.valid();
  } else {
    // Existing file first, without O_CREAT: in a sticky shared directory the kernel
    // (fs.protected_regular) refuses O_CREAT on a file another user owns.
    fd = UniqueFd(::openat(m_fd.get(), file.c_str(), common | access));
    for (int attempt = 0; !fd.valid() && errno == ENOENT && purpose == OpenFor::updating && attempt < 3; ++attempt) {
      fd = UniqueFd(::openat(m_fd.get(), file.c_str(), common | access | O_CREAT | O_EXCL, mode));
      created = fd.valid();
      if (!fd.valid() && errno == EEXIST) {
        fd = UniqueFd(::openat(m_fd.get(), file.c_str(), common | access));
      }
    }
  }
  if (!fd.valid()) {
    if (errno == ENOENT && (purpose == OpenFor::reading || purpose == OpenFor::existing)) {
      return fd;
    }
    if (errno == ELOOP) {
      throw AdmissionError("refusing " + file_path(name)
                           + ": it is a symbolic link (state files are never followed); remove it");
    }
    throw AdmissionError("cannot open " + file_path(name) + ": " + errno_text());
  }
  struct stat info = {};
  if (::fstat(fd.get(), &info) != 0) {
    throw AdmissionError("cannot stat " + file_path(name) + ": " + errno_text());
  }
  if (!S_ISREG(info.st_mode)) {
    throw AdmissionError("refusing " + file_path(name) + ": not a regular file; remove it");
  }
  if (info.st_nlink > 1) {
    throw AdmissionError("refusing " + file_path(name) + ": it has " + std::to_string(info.st_nlink)
                         + " hard links; remove it");
  }
  if (created && (info.st_mode & 0777) != mode) {
    (void)::fchmod(fd.get(), mode); // the umask may have removed group bits
  }
  // O_NONBLOCK stays: on a regular file it changes neither flock (LOCK_NB does), read nor
  // pwrite, and every system call saved counts on a docker call's path.
  return fd;
}

void
StateDir::rename(std::string_view from, std::string_view to) const
{
  const std::string source(from);
  const std::string target(to);
  if (::renameat(m_fd.get(), source.c_str(), m_fd.get(), target.c_str()) != 0) {
    throw AdmissionError("cannot rename " + file_path(from) + " to " + target + ": " + errno_text());
  }
}

std::optional<std::string>
StateDir::replace(std::string_view name, std::string_view text) const
{
  const std::string temp = std::string(name) + ".tmp." + std::to_string(::getpid());
  remove(temp);
  try {
    const auto fd = open_file(temp, OpenFor::creating);
    std::size_t done = 0;
    while (done < text.size()) {
      const auto n = ::write(fd.get(), text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        const auto message = "cannot write " + file_path(name) + ": " + std::strerror(n < 0 ? errno : ENOSPC);
        remove(temp);
        return message;
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
      const auto message = "cannot write " + file_path(name) + ": " + errno_text();
      remove(temp);
      return message;
    }
    rename(temp, name);
  } catch (const AdmissionError& error) {
    remove(temp);
    return error.what();
  }
  return std::nullopt;
}

bool
StateDir::names(std::string_view name, const UniqueFd& fd) const
{
  const std::string file(name);
  struct stat held = {};
  struct stat named = {};
  return ::fstat(fd.get(), &held) == 0 && ::fstatat(m_fd.get(), file.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0
         && held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

bool
StateDir::remove(std::string_view name) const
{
  const std::string file(name);
  return ::unlinkat(m_fd.get(), file.c_str(), 0) == 0;
}

std::vector<std::string>
StateDir::list() const
{
  std::vector<std::string> names;
  // A fresh descriptor per listing: fdopendir takes ownership and keeps a position.
  const int fd = ::openat(m_fd.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    throw AdmissionError("cannot list " + m_path + ": " + errno_text());
  }
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
    throw AdmissionError("cannot list " + m_path + ": " + errno_text());
  }
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name(entry->d_name);
    if (name != "." && name != "..") {
      names.emplace_back(name);
    }
  }
  ::closedir(dir);
  return names;
}

std::string
StateDir::file_path(std::string_view name) const
{
  std::string path = m_path;
  if (path.back() != '/') {
    path += '/';
  }
  path += name;
  return path;
}

std::optional<std::string>
read_small_file(int fd, std::size_t limit)
{
  std::string text;
  char buffer[4096];
  off_t offset = 0;
  while (text.size() < limit) {
    const auto got = ::pread(fd, buffer, sizeof buffer, offset);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return std::nullopt;
    }
    if (got == 0) {
      break;
    }
    text.append(buffer, static_cast<std::size_t>(got));
    offset += got;
  }
  if (text.size() > limit) {
    text.resize(limit);
  }
  return text;
}

bool
write_record(int fd, std::string_view text)
{
  if (text.size() >= k_record_bytes) {
    errno = EOVERFLOW;
    return false;
  }
  std::string record(text);
  record.resize(k_record_bytes - 1, ' ');
  record += '\n';
  const auto wrote = ::pwrite(fd, record.data(), record.size(), 0);
  if (wrote != static_cast<ssize_t>(record.size())) {
    if (wrote >= 0) {
      errno = ENOSPC;
    }
    return false;
  }
  // Only a file left longer by something else needs cutting back.
  struct stat info = {};
  if (::fstat(fd, &info) == 0 && info.st_size == static_cast<off_t>(record.size())) {
    return true;
  }
  return ::ftruncate(fd, static_cast<off_t>(record.size())) == 0;
}

} // namespace sd::admission
