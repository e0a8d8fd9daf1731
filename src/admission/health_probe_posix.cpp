#include "admission/health_probe.hpp"

#include "util/bad_enum.hpp"
#include "util/cloexec.hpp"

#include "admission/unique_fd.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace sd::admission {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr std::size_t k_max_header_bytes = 16 * 1024;

class Deadline
{
public:
  explicit Deadline(milliseconds timeout)
    : m_start(steady_clock::now()),
      m_end(m_start + timeout)
  {}
  /// Milliseconds left for poll(), rounded up; 0 when passed.
  int left() const
  {
    const auto rest = std::chrono::ceil<milliseconds>(m_end - steady_clock::now()).count();
    return static_cast<int>(std::clamp<std::int64_t>(rest, 0, 1'000'000'000));
  }
  milliseconds elapsed() const { return std::chrono::duration_cast<milliseconds>(steady_clock::now() - m_start); }

private:
  steady_clock::time_point m_start;
  steady_clock::time_point m_end;
};

struct Failure
{
  ProbeStatus status;
  std::string message;
};

std::string
errno_text(const char* what)
{
  return std::string(what) + ": " + std::strerror(errno);
}

// Waits for `events` on `fd`: true when ready, false at the deadline.
bool
wait_for(int fd, short events, const Deadline& deadline)
{
  while (true) {
    pollfd watch{fd, events, 0};
    const int ready = ::poll(&watch, 1, deadline.left());
    if (ready > 0) {
      return true;
    }
    if (ready == 0 || errno != EINTR) {
      return false;
    }
  }
}

// Non-blocking connect finished within the deadline, or a failure.
std::optional<Failure>
connect_within(int fd, const sockaddr* address, socklen_t length, const Deadline& deadline)
{
  if (::connect(fd, address, length) == 0) {
    return std::nullopt;
  }
  if (errno != EINPROGRESS && errno != EAGAIN && errno != EINTR) {
    return Failure{ProbeStatus::unreachable, errno_text("connect")};
  }
  if (!wait_for(fd, POLLOUT, deadline)) {
    return Failure{ProbeStatus::timeout, "connect: no answer before the deadline"};
  }
  int error = 0;
  socklen_t size = sizeof error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) {
    return Failure{ProbeStatus::unreachable, errno_text("connect")};
  }
  if (error != 0) {
    return Failure{ProbeStatus::unreachable, std::string("connect: ") + std::strerror(error)};
  }
  return std::nullopt;
}

std::optional<Failure>
connect_unix(UniqueFd& socket_fd, const std::string& path, const Deadline& deadline)
{
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    return Failure{ProbeStatus::unreachable, "socket path too long: " + path};
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  socket_fd = UniqueFd(util::open_socket(AF_UNIX, SOCK_STREAM, 0, true));
  if (!socket_fd.valid()) {
    return Failure{ProbeStatus::unreachable, errno_text("socket")};
  }
  auto failure = connect_within(socket_fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address, deadline);
  if (failure) {
    failure->message = path + ": " + failure->message;
  }
  return failure;
}

std::optional<Failure>
connect_tcp(UniqueFd& socket_fd, const HostAddress& host, const Deadline& deadline)
{
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const auto port = std::to_string(host.port);
  if (const int error = ::getaddrinfo(host.hostname.c_str(), port.c_str(), &hints, &found); error != 0) {
    return Failure{ProbeStatus::unreachable, host.hostname + ": " + ::gai_strerror(error)};
  }
  Failure last{ProbeStatus::unreachable, host.hostname + ": no address"};
  for (const addrinfo* each = found; each != nullptr; each = each->ai_next) {
    socket_fd = UniqueFd(util::open_socket(each->ai_family, each->ai_socktype, each->ai_protocol, true));
    if (!socket_fd.valid()) {
      last = Failure{ProbeStatus::unreachable, errno_text("socket")};
      continue;
    }
    const auto failure = connect_within(socket_fd.get(), each->ai_addr, each->ai_addrlen, deadline);
    if (!failure) {
      ::freeaddrinfo(found);
      return std::nullopt;
    }
    last = *failure;
    last.message = host.normalized + ": " + last.message;
    if (failure->status == ProbeStatus::timeout) {
      break;
    }
  }
  ::freeaddrinfo(found);
  socket_fd.reset();
  return last;
}

std::optional<Failure>
send_all(int fd, std::string_view data, const Deadline& deadline)
{
  while (!data.empty()) {
    const auto sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) {
      continue;
    }
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd, POLLOUT, deadline)) {
        return Failure{ProbeStatus::timeout, "send: no progress before the deadline"};
      }
      continue;
    }
    return Failure{ProbeStatus::bad_response, errno_text("send")};
  }
  return std::nullopt;
}

// Reads until the end of the headers, the end of the stream or the deadline.
std::optional<Failure>
receive_headers(int fd, std::string& response, const Deadline& deadline)
{
  char buffer[2048];
  while (response.find("\r\n\r\n") == std::string::npos && response.size() < k_max_header_bytes) {
    const auto got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got > 0) {
      response.append(buffer, static_cast<std::size_t>(got));
      continue;
    }
    if (got == 0) {
      return std::nullopt; // closed: judge what came
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return Failure{ProbeStatus::bad_response, errno_text("recv")};
    }
    if (!wait_for(fd, POLLIN, deadline)) {
      return Failure{ProbeStatus::timeout, "no answer before the deadline"};
    }
  }
  return std::nullopt;
}

char
lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool
same_name(std::string_view a, std::string_view b)
{
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view
trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

void
judge(const std::string& response, ProbeResult& result)
{
  const auto line_end = response.find("\r\n");
  const std::string_view status_line = std::string_view(response).substr(0, line_end);
  if (response.empty()) {
    result.status = ProbeStatus::bad_response;
    result.message = "the connection closed without an answer";
    return;
  }
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || line_end == std::string::npos) {
    result.status = ProbeStatus::bad_response;
    result.message = "not an HTTP answer (a TLS endpoint?)";
    return;
  }
  result.message = std::string(status_line);
  result.status = status_line.substr(9, 3) == "200" ? ProbeStatus::ok : ProbeStatus::bad_response;
  std::string_view headers = std::string_view(response).substr(line_end + 2);
  while (!headers.empty() && !headers.starts_with("\r\n")) {
    const auto end = headers.find("\r\n");
    const auto line = headers.substr(0, end);
    if (const auto colon = line.find(':');
        colon != std::string_view::npos && same_name(line.substr(0, colon), "Api-Version")) {
      result.api_version = std::string(trim(line.substr(colon + 1)));
    }
    if (end == std::string_view::npos) {
      break;
    }
    headers.remove_prefix(end + 2);
  }
}

} // namespace

std::string_view
probe_status_name(ProbeStatus status)
{
  switch (status) {
  case ProbeStatus::ok:
    return "ok";
  case ProbeStatus::unreachable:
    return "unreachable";
  case ProbeStatus::timeout:
    return "timeout";
  case ProbeStatus::bad_response:
    return "bad response";
  case ProbeStatus::not_probeable:
    return "not probeable";
  }
  util::bad_enum("ProbeStatus", static_cast<long long>(status));
}

ProbeResult
ping(const Endpoint& endpoint, milliseconds timeout)
{
  const Deadline deadline(timeout);
  ProbeResult result;
  const auto parsed = parse_host(endpoint.host, endpoint.tls);
  if (!parsed.address) {
    result.status = ProbeStatus::not_probeable;
    result.message = parsed.error;
    return result;
  }
  const auto& host = *parsed.address;
  if (host.transport != Transport::unix_socket && host.transport != Transport::tcp) {
    result.message = host.normalized + ": only unix and tcp endpoints are probed";
    return result;
  }
  if (endpoint.tls) {
    result.message = host.normalized + ": TLS endpoints are not probed (plain HTTP only)";
    return result;
  }
  UniqueFd socket_fd;
  auto failure = host.transport == Transport::unix_socket ? connect_unix(socket_fd, host.path, deadline)
                                                          : connect_tcp(socket_fd, host, deadline);
  std::string response;
  if (!failure) {
    // docker's client sends this Host for unix sockets; for tcp, the address itself.
    const std::string host_header = host.transport == Transport::unix_socket
                                      ? std::string("api.moby.localhost")
                                      : host.normalized.substr(6, host.normalized.size() - 6 - host.base_path.size());
    const std::string request = "GET " + host.base_path + "/_ping HTTP/1.1\r\nHost: " + host_header
                                + "\r\nUser-Agent: safedocker-probe\r\nConnection: close\r\n\r\n";
    failure = send_all(socket_fd.get(), request, deadline);
  }
  if (!failure) {
    failure = receive_headers(socket_fd.get(), response, deadline);
  }
  result.latency = deadline.elapsed();
  if (failure) {
    result.status = failure->status;
    result.message = failure->message;
    return result;
  }
  judge(response, result);
  return result;
}

} // namespace sd::admission
