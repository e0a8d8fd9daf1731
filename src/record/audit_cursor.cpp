#include "record/audit_cursor.hpp"

#include "admission/unique_fd.hpp"
#include "util/file_reading.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace sd::record {

namespace {

constexpr std::size_t k_head_bytes = 64;
constexpr std::size_t k_read_block = 256 * 1024;

std::uint64_t
fnv1a(std::string_view bytes)
{
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

struct OpenFile
{
  admission::UniqueFd fd;
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
};

std::string
read_at(int fd, std::uint64_t offset, std::size_t length)
{
  std::string out(length, '\0');
  out.resize(util::read_at(fd, offset, out.data(), length));
  return out;
}

// Reads `file` from `offset` to `end`, handing on each line; returns the offset after the last
// newline, or `end` when `final` (a fragment after it is a line of its own).
std::uint64_t
read_lines(const OpenFile& file, std::uint64_t offset, std::uint64_t end, bool final,
           const std::function<void(std::string_view)>& line)
{
  std::string pending;
  std::uint64_t consumed = offset;
  std::uint64_t at = offset;
  while (at < end) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(k_read_block, end - at));
    const auto block = read_at(file.fd.get(), at, want);
    if (block.empty()) {
      break; // shorter than it was: truncated meanwhile
    }
    at += block.size();
    std::string_view rest(block);
    if (!pending.empty()) {
      const auto newline = rest.find('\n');
      if (newline == std::string_view::npos) {
        pending.append(rest);
        continue;
      }
      pending.append(rest.substr(0, newline));
      line(pending);
      consumed += pending.size() + 1;
      pending.clear();
      rest.remove_prefix(newline + 1);
    }
    for (auto newline = rest.find('\n'); newline != std::string_view::npos; newline = rest.find('\n')) {
      line(rest.substr(0, newline));
      consumed += newline + 1;
      rest.remove_prefix(newline + 1);
    }
    pending.append(rest);
  }
  if (final && !pending.empty()) {
    line(pending);
    consumed += pending.size();
  }
  return consumed;
}

} // namespace

AuditPosition
read_appended(const std::vector<std::string>& files, const AuditPosition& from,
              const std::function<void(std::string_view)>& line)
{
  // Newest first, so that a rotation meanwhile shows the same file twice (found by its
  // identity and read once) rather than skipping one.
  std::vector<OpenFile> open;
  for (auto it = files.rbegin(); it != files.rend(); ++it) {
    const auto readable = util::open_readable(*it);
    if (!readable) {
      continue;
    }
    OpenFile file{admission::UniqueFd(readable->fd), readable->device, readable->inode, readable->size};
    bool seen = false;
    for (const auto& other : open) {
      seen = seen || (other.device == file.device && other.inode == file.inode);
    }
    if (!seen) {
      open.push_back(std::move(file));
    }
  }
  std::reverse(open.begin(), open.end()); // oldest first
  if (open.empty()) {
    return {};
  }

  // Where `from` is now: the same file, with the same first bytes, at least as long.
  std::size_t first = 0;
  std::uint64_t offset = 0;
  if (from.inode != 0) {
    for (std::size_t i = 0; i < open.size(); ++i) {
      const auto& file = open[i];
      if (file.device == from.device && file.inode == from.inode && file.size >= from.offset
          && file.size >= from.head_length
          && fnv1a(read_at(file.fd.get(), 0, static_cast<std::size_t>(from.head_length))) == from.head_hash) {
        first = i;
        offset = from.offset;
        break;
      }
    }
  }

  AuditPosition to;
  for (std::size_t i = first; i < open.size(); ++i) {
    const bool newest = i + 1 == open.size();
    const auto end = read_lines(open[i], i == first ? offset : 0, open[i].size, !newest, line);
    if (newest) {
      const auto& file = open[i];
      to.device = file.device;
      to.inode = file.inode;
      to.offset = end;
      const auto head = read_at(file.fd.get(), 0, static_cast<std::size_t>(std::min<std::uint64_t>(k_head_bytes, end)));
      to.head_length = head.size();
      to.head_hash = fnv1a(head);
    }
  }
  return to;
}

nlohmann::json
audit_position_json(const AuditPosition& position)
{
  return {{"device", position.device},
          {"inode", position.inode},
          {"offset", position.offset},
          {"head_hash", position.head_hash},
          {"head_length", position.head_length}};
}

bool
audit_position_from_json(const nlohmann::json& json, AuditPosition& out)
{
  if (!json.is_object()) {
    return false;
  }
  AuditPosition position;
  for (const auto& [key, field] : {std::pair{"device", &position.device}, std::pair{"inode", &position.inode},
                                   std::pair{"offset", &position.offset}, std::pair{"head_hash", &position.head_hash},
                                   std::pair{"head_length", &position.head_length}}) {
    const auto it = json.find(key);
    if (it == json.end() || !it->is_number_unsigned()) {
      return false;
    }
    *field = it->get<std::uint64_t>();
  }
  out = position;
  return true;
}

} // namespace sd::record
