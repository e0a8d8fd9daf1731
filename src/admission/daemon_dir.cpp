#include "admission/daemon_dir.hpp"

#include "admission/daemon_key.hpp"
#include "admission/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sd::admission {

namespace {

constexpr std::string_view k_record = "daemon";

std::optional<KnownDaemon>
read_record(const StateDir& dir, std::string dir_name)
{
  const auto fd = dir.open_file(k_record, OpenFor::reading);
  if (!fd.valid()) {
    return std::nullopt;
  }
  const auto content = read_small_file(fd.get());
  if (!content) {
    return std::nullopt;
  }
  const auto json = nlohmann::json::parse(record_text(*content), nullptr, false);
  if (!json.is_object() || !json.contains("key") || !json["key"].is_string()) {
    return std::nullopt;
  }
  const auto tls = json.find("tls");
  return KnownDaemon{json["key"].get<std::string>(), json.value("host", std::string()),
                     tls != json.end() && tls->is_boolean() && tls->get<bool>(), std::move(dir_name)};
}

} // namespace

StateDir
open_daemon_dir(const StateDir& root, std::string_view key, std::string_view host, bool tls)
{
  auto dir = root.open_child(daemon_dir_name(key));
  // One openat on every call: the record is written only by the first call to this daemon.
  if (!dir.open_file(k_record, OpenFor::reading).valid()) {
    const auto fd = dir.open_file(k_record, OpenFor::updating);
    const nlohmann::json record = {{"v", 1}, {"key", key}, {"host", host}, {"tls", tls}};
    if (!write_record(fd.get(), record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))) {
      throw AdmissionError("cannot write " + dir.file_path(k_record) + ": " + std::strerror(errno));
    }
  }
  return dir;
}

StateDir
open_known_daemon_dir(const StateDir& root, const KnownDaemon& daemon)
{
  return root.open_child(daemon.dir_name);
}

std::vector<KnownDaemon>
list_daemons(const StateDir& root)
{
  std::vector<KnownDaemon> out;
  for (auto& name : root.list()) {
    if (!name.starts_with("daemon.")) {
      continue;
    }
    try {
      const auto dir = root.open_child(name);
      if (auto known = read_record(dir, name)) {
        out.push_back(std::move(*known));
      }
    } catch (const AdmissionError&) {
      // Not ours to show (a planted file, another user's directory): skipped.
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return out;
}

} // namespace sd::admission
