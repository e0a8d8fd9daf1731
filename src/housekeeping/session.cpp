#include "housekeeping/session.hpp"

#include "admission/error.hpp"
#include "util/cloexec.hpp"
#include "util/file_lock.hpp"
#include "util/process_identity.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

namespace sd::housekeeping {

namespace {

constexpr std::string_view k_prefix = "session.";

std::string
file_name(std::string_view id)
{
  return std::string(k_prefix) + std::string(id);
}

std::string
record_json(const SessionRecord& record)
{
  nlohmann::json out = {{"v", 1},
                        {"id", record.id},
                        {"pid", util::own_pid()},
                        {"started_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count()},
                        {"keep", record.keep},
                        {"volumes", record.volumes},
                        {"command", record.command}};
  auto text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // The record is one fixed-size write: a long command line is shortened to its first words.
  for (auto words = record.command.size(); text.size() >= admission::k_record_bytes - 1 && words > 0;) {
    words /= 2;
    out["command"] =
      std::vector<std::string>(record.command.begin(), record.command.begin() + static_cast<std::ptrdiff_t>(words));
    text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return text;
}

// An exclusive lock, waiting a moment for one held briefly: a cleanup pass holds a shared lock
// on a session file for as long as it takes to read it. A session's owner holds it for good.
bool
lock_soon(int fd)
{
  constexpr int k_tries = 10;
  for (int attempt = 0; attempt < k_tries; ++attempt) {
    if (util::try_lock_file(fd, util::FileLock::exclusive)) {
      return true;
    }
    if (errno != EWOULDBLOCK) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Claims `name` for a new session: its file is written and locked under a temporary name, then
// renamed into place only while no file has that name, so it never appears unlocked and two
// starts cannot both install theirs. Returns an invalid descriptor when the name is taken.
admission::UniqueFd
claim_new(const admission::StateDir& dir, const std::string& name, const std::string& text)
{
  const auto temporary = name + ".tmp." + std::to_string(util::own_pid());
  dir.remove(temporary);
  auto fd = dir.open_file(temporary, admission::OpenFor::creating);
  if (!util::try_lock_file(fd.get(), util::FileLock::exclusive) || !admission::write_record(fd.get(), text)) {
    const std::string why = std::strerror(errno);
    dir.remove(temporary);
    throw admission::AdmissionError("cannot start session file " + dir.file_path(name) + ": " + why);
  }
  const bool moved = util::rename_no_replace(dir.fd(), temporary.c_str(), name.c_str());
  const int error = errno;
  dir.remove(temporary); // gone already, unless the name was taken
  if (moved) {
    return fd;
  }
  if (error == EEXIST) {
    return {};
  }
  throw admission::AdmissionError("cannot start session file " + dir.file_path(name) + ": " + std::strerror(error));
}

} // namespace

SessionLease::SessionLease(const admission::StateDir& dir, std::string id, admission::UniqueFd fd)
  : m_dir(&dir),
    m_id(std::move(id)),
    m_fd(std::move(fd))
{}

void
SessionLease::finish()
{
  if (m_fd.valid()) {
    if (m_dir->names(file_name(m_id), m_fd)) {
      m_dir->remove(file_name(m_id));
    }
    m_fd.reset();
  }
}

bool
valid_session_id(std::string_view name)
{
  if (name.empty() || name.size() > 64) {
    return false;
  }
  const auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || (!first && (c == '_' || c == '.' || c == '-'));
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!ok(name[i], i == 0)) {
      return false;
    }
  }
  return true;
}

std::string
new_session_id()
{
  const auto seconds =
    std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return "sd-" + std::to_string(seconds) + "-" + std::to_string(util::own_pid());
}

SessionLease
start_session(const admission::StateDir& dir, const SessionRecord& record)
{
  const auto name = file_name(record.id);
  const auto text = record_json(record);
  // Each round claims the id, finds it live, or sees the file change under it (another start
  // installed its file first, or a cleanup pass forgot the dead session) and looks again.
  constexpr int k_rounds = 8;
  for (int round = 0; round < k_rounds; ++round) {
    auto fd = dir.open_file(name, admission::OpenFor::existing);
    if (!fd.valid()) {
      if (auto claimed = claim_new(dir, name, text); claimed.valid()) {
        return {dir, record.id, std::move(claimed)};
      }
      continue;
    }
    // The file of an earlier session of this id: taken over when that session is dead.
    if (!lock_soon(fd.get())) {
      throw admission::AdmissionError("session " + record.id + " is live (" + dir.file_path(name)
                                      + " is locked by its owner); choose another --name");
    }
    if (!dir.names(name, fd)) {
      continue; // locked a file that was removed or replaced meanwhile
    }
    if (!admission::write_record(fd.get(), text)) {
      throw admission::AdmissionError("cannot write " + dir.file_path(name) + ": " + std::strerror(errno));
    }
    return {dir, record.id, std::move(fd)};
  }
  throw admission::AdmissionError("cannot start session " + record.id + ": " + dir.file_path(name)
                                  + " kept changing while it was claimed; try again");
}

std::map<std::string, SessionState, std::less<>>
list_sessions(const admission::StateDir& dir)
{
  std::map<std::string, SessionState, std::less<>> out;
  for (const auto& name : dir.list()) {
    if (!name.starts_with(k_prefix) || name.find(".tmp.") != std::string::npos) {
      continue;
    }
    const auto id = name.substr(k_prefix.size());
    admission::UniqueFd fd;
    try {
      fd = dir.open_file(name, admission::OpenFor::reading);
    } catch (const admission::AdmissionError&) {
      continue; // not a regular file of ours: not a session
    }
    if (!fd.valid()) {
      continue; // removed meanwhile: the session ended
    }
    SessionState state;
    state.live = !util::try_lock_file(fd.get(), util::FileLock::shared);
    if (const auto content = admission::read_small_file(fd.get())) {
      const auto record = nlohmann::json::parse(admission::record_text(*content), nullptr, false);
      if (record.is_object() && record.contains("volumes") && record["volumes"].is_boolean()) {
        state.volumes = record["volumes"].get<bool>();
      }
    }
    out.emplace(id, state);
  }
  return out;
}

bool
forget_dead_session(const admission::StateDir& dir, std::string_view id)
{
  const auto name = file_name(id);
  auto fd = dir.open_file(name, admission::OpenFor::reading);
  // Under the lock, and only the file locked: a new session may have taken the name meanwhile.
  if (!fd.valid() || !util::try_lock_file(fd.get(), util::FileLock::exclusive) || !dir.names(name, fd)) {
    return false;
  }
  return dir.remove(name);
}

} // namespace sd::housekeeping
