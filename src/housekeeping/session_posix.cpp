#include "housekeeping/session.hpp"

#include "admission/error.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sys/file.h>
#include <unistd.h>

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
                        {"pid", ::getpid()},
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
    out["command"] = std::vector<std::string>(record.command.begin(), record.command.begin() + static_cast<std::ptrdiff_t>(words));
    text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  return text;
}

bool
try_lock(int fd, int how)
{
  while (::flock(fd, how | LOCK_NB) != 0) {
    if (errno != EINTR) {
      return false;
    }
  }
  return true;
}

} // namespace

SessionLease::SessionLease(const admission::StateDir& dir, std::string id, admission::UniqueFd fd)
  : m_dir(&dir), m_id(std::move(id)), m_fd(std::move(fd))
{
}

void
SessionLease::finish()
{
  if (m_fd.valid()) {
    m_dir->remove(file_name(m_id));
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
  return "sd-" + std::to_string(seconds) + "-" + std::to_string(::getpid());
}

SessionLease
start_session(const admission::StateDir& dir, const SessionRecord& record)
{
  const auto name = file_name(record.id);
  // An existing file: a dead session of this id is taken over; a live one is refused.
  if (auto existing = dir.open_file(name, admission::OpenFor::reading); existing.valid()) {
    auto fd = dir.open_file(name, admission::OpenFor::updating);
    if (!try_lock(fd.get(), LOCK_EX)) {
      throw admission::AdmissionError("session " + record.id + " is live (" + dir.file_path(name)
                                      + " is locked by its owner); choose another --name");
    }
    if (!admission::write_record(fd.get(), record_json(record))) {
      throw admission::AdmissionError("cannot write " + dir.file_path(name) + ": " + std::strerror(errno));
    }
    return {dir, record.id, std::move(fd)};
  }
  // A new one is written and locked under a temporary name, then renamed into place.
  const auto temporary = name + ".tmp." + std::to_string(::getpid());
  dir.remove(temporary);
  auto fd = dir.open_file(temporary, admission::OpenFor::creating);
  if (!try_lock(fd.get(), LOCK_EX) || !admission::write_record(fd.get(), record_json(record))) {
    const std::string why = std::strerror(errno);
    dir.remove(temporary);
    throw admission::AdmissionError("cannot start session file " + dir.file_path(name) + ": " + why);
  }
  dir.rename(temporary, name);
  return {dir, record.id, std::move(fd)};
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
    state.live = !try_lock(fd.get(), LOCK_SH);
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
  if (!fd.valid() || !try_lock(fd.get(), LOCK_EX)) {
    return false;
  }
  return dir.remove(name);
}

} // namespace sd::housekeeping
