#include "admission/state_dir.hpp"

#include "admission/error.hpp"
#include "util/absolute_path.hpp"
#include "util/utf16.hpp"

#include <windows.h>

#include <aclapi.h>
#include <sddl.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <io.h>
#include <memory>

// Windows: a directory is checked by its owner and its access control list where POSIX checks
// owner and mode; new directories get a protected list that lets in only this user, SYSTEM and
// the Administrators (as 0700 does), and the files inherit it. A reparse point (a symbolic link
// or a junction) is never followed: opened as itself and refused. Files are opened by path
// under the checked directory (Win32 has no openat), sharing read, write and delete, so that a
// file open elsewhere can still be renamed or removed; removal and renaming use POSIX
// semantics where the file system has them (NTFS, Windows 10 1709 and later): the name goes at
// once, not when the last handle closes. Descriptors are the C runtime's, over the handles.

namespace sd::admission {

namespace {

std::string
errno_text()
{
  return std::strerror(errno);
}

HANDLE
handle_of(int fd)
{
  return reinterpret_cast<HANDLE>(::_get_osfhandle(fd));
}

int
descriptor_of(HANDLE handle, int flags)
{
  const int fd = ::_open_osfhandle(reinterpret_cast<intptr_t>(handle), flags | _O_BINARY);
  if (fd < 0) {
    ::CloseHandle(handle);
  }
  return fd;
}

// This process's user, as a SID.
struct UserSid
{
  std::unique_ptr<char[]> storage;
  PSID sid = nullptr;
};

const UserSid&
current_user()
{
  static const UserSid user = [] {
    UserSid u;
    HANDLE token = nullptr;
    if (::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token) == 0) {
      return u;
    }
    DWORD size = 0;
    ::GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    u.storage = std::make_unique<char[]>(size);
    if (::GetTokenInformation(token, TokenUser, u.storage.get(), size, &size) != 0) {
      u.sid = reinterpret_cast<TOKEN_USER*>(u.storage.get())->User.Sid;
    }
    ::CloseHandle(token);
    return u;
  }();
  return user;
}

std::string
sid_text(PSID sid)
{
  wchar_t name[256] = {};
  wchar_t domain[256] = {};
  DWORD name_size = 256;
  DWORD domain_size = 256;
  SID_NAME_USE use{};
  if (::LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use) != 0) {
    return (domain[0] != L'\0' ? util::from_utf16(domain) + "\\" : std::string()) + util::from_utf16(name);
  }
  LPWSTR text = nullptr;
  std::string result = "an unknown account";
  if (::ConvertSidToStringSidW(sid, &text) != 0) {
    result = util::from_utf16(text);
    ::LocalFree(text);
  }
  return result;
}

// Accounts that may own or write to a private directory: this user, and those who can read
// everything anyway.
bool
trusted(PSID sid)
{
  const UserSid& me = current_user();
  return (me.sid != nullptr && ::EqualSid(sid, me.sid) != 0) || ::IsWellKnownSid(sid, WinLocalSystemSid) != 0
         || ::IsWellKnownSid(sid, WinBuiltinAdministratorsSid) != 0 || ::IsWellKnownSid(sid, WinCreatorOwnerSid) != 0
         || ::IsWellKnownSid(sid, WinCreatorOwnerRightsSid) != 0;
}

constexpr DWORD k_write_rights = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD | FILE_WRITE_ATTRIBUTES
                                 | FILE_WRITE_EA | DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL;

// The checks run on the opened handle, so the directory checked is the one used.
void
check_dir(const std::string& path, HANDLE dir, Sharing sharing)
{
  PSID owner = nullptr;
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (::GetSecurityInfo(dir, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, nullptr,
                        &dacl, nullptr, &descriptor)
      != ERROR_SUCCESS) {
    throw AdmissionError("cannot read the owner and access list of state directory " + path);
  }
  const std::unique_ptr<void, decltype(&::LocalFree)> free_descriptor(descriptor, &::LocalFree);
  if (owner == nullptr || !trusted(owner)) {
    throw AdmissionError("refusing state directory " + path + ": owned by "
                         + (owner == nullptr ? std::string("nobody") : sid_text(owner))
                         + ", not by you; use a directory of your own");
  }
  if (sharing == Sharing::shared) {
    return; // shared by design: whoever the access list lets in shares it
  }
  if (dacl == nullptr) {
    throw AdmissionError("refusing state directory " + path
                         + ": it has no access list, so everyone may write to it; icacls \"" + path
                         + "\" /inheritance:r /grant:r \"%USERNAME%:(OI)(CI)F\"");
  }
  for (DWORD i = 0; i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (::GetAce(dacl, i, &ace) == 0) {
      continue;
    }
    const auto* header = static_cast<ACE_HEADER*>(ace);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE) != 0) {
      continue;
    }
    const auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
    auto* sid = reinterpret_cast<PSID>(const_cast<DWORD*>(&allowed->SidStart));
    if ((allowed->Mask & k_write_rights) != 0 && !trusted(sid)) {
      throw AdmissionError("refusing state directory " + path + ": it lets " + sid_text(sid) + " write to it; icacls \""
                           + path + "\" /inheritance:r /grant:r \"%USERNAME%:(OI)(CI)F\"");
    }
  }
}

// A directory of this user's alone, as mode 0700 is: full control for the user, SYSTEM and the
// Administrators, inherited by what is created in it, nothing inherited from above.
void
create_private_dir(const std::string& path)
{
  LPWSTR user = nullptr;
  const UserSid& me = current_user();
  if (me.sid == nullptr || ::ConvertSidToStringSidW(me.sid, &user) == 0) {
    throw AdmissionError("cannot create directory " + path + ": this process's user cannot be told");
  }
  const std::wstring sddl = L"D:P(A;OICI;FA;;;" + std::wstring(user) + L")(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";
  ::LocalFree(user);
  SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
  if (::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1,
                                                             &attributes.lpSecurityDescriptor, nullptr)
      == 0) {
    throw AdmissionError("cannot create directory " + path + ": the access list was refused");
  }
  const BOOL made = ::CreateDirectoryW(util::to_utf16(path).c_str(), &attributes);
  const DWORD error = ::GetLastError();
  ::LocalFree(attributes.lpSecurityDescriptor);
  if (made == 0 && error != ERROR_ALREADY_EXISTS) {
    ::SetLastError(error);
    util::set_errno_from_last_error();
    throw AdmissionError("cannot create directory " + path + ": " + errno_text());
  }
}

// mkdir -p: the per-user state directory often lives under %LOCALAPPDATA%. Parents that exist
// are left as they are; the ones made here are private.
void
make_dirs(const std::string& path)
{
  for (std::size_t i = 3; i < path.size(); ++i) {
    if (util::is_path_separator(path[i])) {
      const std::string dir = path.substr(0, i);
      if (::GetFileAttributesW(util::to_utf16(dir).c_str()) == INVALID_FILE_ATTRIBUTES) {
        create_private_dir(dir);
      }
    }
  }
  create_private_dir(path);
}

// Opens a directory as itself (a reparse point is not followed). nullptr (errno set) when it
// cannot be opened.
HANDLE
open_dir(const std::string& path)
{
  const HANDLE dir = ::CreateFileW(util::to_utf16(path).c_str(), FILE_LIST_DIRECTORY | READ_CONTROL | SYNCHRONIZE,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                   FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (dir == INVALID_HANDLE_VALUE) {
    util::set_errno_from_last_error();
    return nullptr;
  }
  return dir;
}

[[noreturn]] void
refuse_unopenable(const std::string& path)
{
  const int open_errno = errno;
  throw AdmissionError("cannot open state directory " + path + ": " + std::strerror(open_errno));
}

// Refuses what open_dir opened unless it is a real directory.
void
check_is_directory(const std::string& path, HANDLE dir)
{
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileInformationByHandle(dir, &info) == 0) {
    util::set_errno_from_last_error();
    throw AdmissionError("cannot read state directory " + path + ": " + errno_text());
  }
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
    throw AdmissionError("refusing state directory " + path
                         + ": it is a symbolic link or junction; use a real directory (links are never followed)");
  }
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0) {
    throw AdmissionError("refusing state directory " + path + ": it is not a directory");
  }
}

UniqueFd
open_checked_dir(const std::string& path, Sharing sharing, bool create)
{
  HANDLE dir = open_dir(path);
  if (dir == nullptr && errno == ENOENT && create) {
    make_dirs(path);
    dir = open_dir(path);
  }
  if (dir == nullptr) {
    refuse_unopenable(path);
  }
  UniqueFd fd(descriptor_of(dir, _O_RDONLY));
  if (!fd.valid()) {
    throw AdmissionError("cannot open state directory " + path + ": too many open files");
  }
  check_is_directory(path, handle_of(fd.get()));
  check_dir(path, handle_of(fd.get()), sharing);
  return fd;
}

// mingw-w64 10's headers hide these two behind a version test that can never be true.
constexpr auto k_disposition_info_ex = static_cast<FILE_INFO_BY_HANDLE_CLASS>(21); // FileDispositionInfoEx
constexpr auto k_rename_info_ex = static_cast<FILE_INFO_BY_HANDLE_CLASS>(22);      // FileRenameInfoEx

// Sets a disposition or a name with POSIX semantics, else the classic way; false (errno set)
// on failure.
bool
remove_path(const std::wstring& path)
{
  const HANDLE file = ::CreateFileW(path.c_str(), DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                    nullptr, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    util::set_errno_from_last_error();
    return false;
  }
  FILE_DISPOSITION_INFO_EX posix{FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS};
  bool removed = ::SetFileInformationByHandle(file, k_disposition_info_ex, &posix, sizeof posix) != 0;
  if (!removed) {
    FILE_DISPOSITION_INFO classic{TRUE};
    removed = ::SetFileInformationByHandle(file, FileDispositionInfo, &classic, sizeof classic) != 0;
  }
  if (!removed) {
    util::set_errno_from_last_error();
  }
  ::CloseHandle(file);
  return removed;
}

bool
rename_path(const std::wstring& from, const std::wstring& to)
{
  const HANDLE file =
    ::CreateFileW(from.c_str(), DELETE | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                  OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    util::set_errno_from_last_error();
    return false;
  }
  const std::size_t bytes = sizeof(FILE_RENAME_INFO) + to.size() * sizeof(wchar_t);
  std::vector<char> storage(bytes, '\0');
  auto* info = reinterpret_cast<FILE_RENAME_INFO*>(storage.data());
  info->Flags = FILE_RENAME_FLAG_REPLACE_IF_EXISTS | FILE_RENAME_FLAG_POSIX_SEMANTICS;
  info->FileNameLength = static_cast<DWORD>(to.size() * sizeof(wchar_t));
  std::memcpy(info->FileName, to.data(), info->FileNameLength);
  bool renamed = ::SetFileInformationByHandle(file, k_rename_info_ex, info, static_cast<DWORD>(bytes)) != 0;
  ::CloseHandle(file);
  if (!renamed) {
    renamed = ::MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING) != 0;
  }
  if (!renamed) {
    util::set_errno_from_last_error();
  }
  return renamed;
}

// The identity of an open file: volume and file index.
std::optional<std::pair<DWORD, std::uint64_t>>
file_identity(HANDLE file)
{
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileInformationByHandle(file, &info) == 0) {
    return std::nullopt;
  }
  return std::pair{info.dwVolumeSerialNumber, (std::uint64_t{info.nFileIndexHigh} << 32) | info.nFileIndexLow};
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
  if (!util::is_absolute_path(path)) {
    throw AdmissionError("state directory must be an absolute path, not '" + path + "'");
  }
  return StateDir(path, sharing, open_checked_dir(path, sharing, true), 0);
}

StateDir
StateDir::open_child(std::string_view name) const
{
  const std::string child(name);
  if (child.empty() || child.find_first_of("/\\:") != std::string::npos || child == "." || child == "..") {
    throw AdmissionError("invalid state directory name '" + child + "'");
  }
  const auto path = file_path(name);
  return StateDir(path, m_sharing, open_checked_dir(path, m_sharing, true), m_file_mode);
}

UniqueFd
StateDir::open_file(std::string_view name, OpenFor purpose) const
{
  DWORD disposition = OPEN_EXISTING;
  switch (purpose) {
  case OpenFor::reading:
  case OpenFor::existing:
    disposition = OPEN_EXISTING;
    break;
  case OpenFor::updating:
    disposition = OPEN_ALWAYS;
    break;
  case OpenFor::creating:
    disposition = CREATE_NEW;
    break;
  }
  const DWORD access = purpose == OpenFor::reading ? GENERIC_READ : GENERIC_READ | GENERIC_WRITE;
  const HANDLE file = ::CreateFileW(util::to_utf16(file_path(name)).c_str(), access,
                                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, disposition,
                                    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    util::set_errno_from_last_error();
    if (errno == ENOENT && (purpose == OpenFor::reading || purpose == OpenFor::existing)) {
      return UniqueFd();
    }
    throw AdmissionError("cannot open " + file_path(name) + ": " + errno_text());
  }
  UniqueFd fd(descriptor_of(file, purpose == OpenFor::reading ? _O_RDONLY : _O_RDWR));
  if (!fd.valid()) {
    throw AdmissionError("cannot open " + file_path(name) + ": too many open files");
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (::GetFileInformationByHandle(file, &info) == 0) {
    util::set_errno_from_last_error();
    throw AdmissionError("cannot read " + file_path(name) + ": " + errno_text());
  }
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) {
    throw AdmissionError("refusing " + file_path(name)
                         + ": it is a symbolic link or junction (state files are never followed); remove it");
  }
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    throw AdmissionError("refusing " + file_path(name) + ": not a regular file; remove it");
  }
  if (info.nNumberOfLinks > 1) {
    throw AdmissionError("refusing " + file_path(name) + ": it has " + std::to_string(info.nNumberOfLinks)
                         + " hard links; remove it");
  }
  return fd;
}

void
StateDir::rename(std::string_view from, std::string_view to) const
{
  if (!rename_path(util::to_utf16(file_path(from)), util::to_utf16(file_path(to)))) {
    throw AdmissionError("cannot rename " + file_path(from) + " to " + std::string(to) + ": " + errno_text());
  }
}

std::optional<std::string>
StateDir::replace(std::string_view name, std::string_view text) const
{
  const std::string temp = std::string(name) + ".tmp." + std::to_string(::GetCurrentProcessId());
  remove(temp);
  try {
    const auto fd = open_file(temp, OpenFor::creating);
    const HANDLE file = handle_of(fd.get());
    for (std::size_t done = 0; done < text.size();) {
      DWORD wrote = 0;
      const auto chunk = static_cast<DWORD>(std::min<std::size_t>(text.size() - done, 1U << 30));
      if (::WriteFile(file, text.data() + done, chunk, &wrote, nullptr) == 0 || wrote == 0) {
        util::set_errno_from_last_error();
        const auto message = "cannot write " + file_path(name) + ": " + errno_text();
        remove(temp);
        return message;
      }
      done += wrote;
    }
    if (::FlushFileBuffers(file) == 0) {
      util::set_errno_from_last_error();
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
  const HANDLE named = ::CreateFileW(util::to_utf16(file_path(name)).c_str(), FILE_READ_ATTRIBUTES,
                                     FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                     FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (named == INVALID_HANDLE_VALUE) {
    return false;
  }
  const auto named_id = file_identity(named);
  ::CloseHandle(named);
  const auto held_id = file_identity(handle_of(fd.get()));
  return named_id && held_id && *named_id == *held_id;
}

bool
StateDir::remove(std::string_view name) const
{
  return remove_path(util::to_utf16(file_path(name)));
}

std::vector<std::string>
StateDir::list() const
{
  std::vector<std::string> names;
  WIN32_FIND_DATAW found{};
  const HANDLE search = ::FindFirstFileW(util::to_utf16(file_path("*")).c_str(), &found);
  if (search == INVALID_HANDLE_VALUE) {
    if (::GetLastError() == ERROR_FILE_NOT_FOUND) {
      return names;
    }
    util::set_errno_from_last_error();
    throw AdmissionError("cannot list " + m_path + ": " + errno_text());
  }
  do {
    const std::string entry = util::from_utf16(found.cFileName);
    if (entry != "." && entry != "..") {
      names.push_back(entry);
    }
  } while (::FindNextFileW(search, &found) != 0);
  ::FindClose(search);
  return names;
}

std::string
StateDir::file_path(std::string_view name) const
{
  std::string path = m_path;
  if (!util::is_path_separator(path.back())) {
    path += '\\';
  }
  path += name;
  return path;
}

std::optional<std::string>
read_small_file(int fd, std::size_t limit)
{
  const HANDLE file = handle_of(fd);
  std::string text;
  char buffer[4096];
  std::uint64_t offset = 0;
  while (text.size() < limit) {
    OVERLAPPED at{};
    at.Offset = static_cast<DWORD>(offset);
    at.OffsetHigh = static_cast<DWORD>(offset >> 32);
    DWORD got = 0;
    if (::ReadFile(file, buffer, sizeof buffer, &got, &at) == 0) {
      if (::GetLastError() == ERROR_HANDLE_EOF) {
        break;
      }
      util::set_errno_from_last_error();
      return std::nullopt;
    }
    if (got == 0) {
      break;
    }
    text.append(buffer, got);
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
  const HANDLE file = handle_of(fd);
  OVERLAPPED at{};
  DWORD wrote = 0;
  if (::WriteFile(file, record.data(), static_cast<DWORD>(record.size()), &wrote, &at) == 0) {
    util::set_errno_from_last_error();
    return false;
  }
  if (wrote != record.size()) {
    errno = ENOSPC;
    return false;
  }
  // Only a file left longer by something else needs cutting back.
  LARGE_INTEGER size{};
  if (::GetFileSizeEx(file, &size) != 0 && size.QuadPart == static_cast<LONGLONG>(record.size())) {
    return true;
  }
  FILE_END_OF_FILE_INFO end{};
  end.EndOfFile.QuadPart = static_cast<LONGLONG>(record.size());
  if (::SetFileInformationByHandle(file, FileEndOfFileInfo, &end, sizeof end) == 0) {
    util::set_errno_from_last_error();
    return false;
  }
  return true;
}

} // namespace sd::admission
