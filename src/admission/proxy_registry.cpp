#include "admission/proxy_registry.hpp"

#include "admission/daemon_key.hpp"
#include "admission/error.hpp"
#include "util/file_lock.hpp"

#include <cerrno>
#include <cstring>

namespace sd::admission {

namespace {

constexpr std::string_view k_header = "safedocker-proxy v1 ";

// "daemon.HEX" → "proxy.HEX"
std::string
registration_name(std::string_view dir_name)
{
  const auto dot = dir_name.find('.');
  return "proxy." + std::string(dir_name.substr(dot == std::string_view::npos ? 0 : dot + 1));
}

} // namespace

ProxyRegistration::ProxyRegistration(const StateDir& root, std::string_view socket_key, std::string_view upstream_key)
  : m_root(root),
    m_name(registration_name(daemon_dir_name(socket_key))),
    m_fd(root.open_file(m_name, OpenFor::updating))
{
  if (!util::try_lock_file(m_fd.get(), util::FileLock::exclusive)) {
    throw AdmissionError("cannot lock " + root.file_path(m_name) + ": " + std::strerror(errno)
                         + " (another guard registered for this socket?)");
  }
  if (!write_record(m_fd.get(), std::string(k_header) + std::string(upstream_key))) {
    throw AdmissionError("cannot write " + root.file_path(m_name) + ": " + std::strerror(errno));
  }
}

ProxyRegistration::~ProxyRegistration()
{
  m_root.remove(m_name); // first, so no reader sees it unlocked (one that opened it before
                         // finds it unlocked: a dead guard's, ignored)
}

std::optional<std::string>
proxied_daemon(const StateDir& root, std::string_view dir_name)
{
  const auto name = registration_name(dir_name);
  const UniqueFd fd = root.open_file(name, OpenFor::reading);
  if (!fd.valid()) {
    return std::nullopt;
  }
  if (util::try_lock_file(fd.get(), util::FileLock::shared)) {
    return std::nullopt; // nobody holds it: the guard is gone
  }
  const auto content = read_small_file(fd.get());
  if (!content) {
    return std::nullopt;
  }
  const auto record = record_text(*content);
  if (!record.starts_with(k_header) || record.size() == k_header.size()) {
    return std::nullopt;
  }
  return std::string(record.substr(k_header.size()));
}

} // namespace sd::admission
