#include "admission/probe_exchange.hpp"

#include "admission/unique_fd.hpp"
#include "util/cloexec.hpp"

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
using Failure = ExchangeFailure;

constexpr std::size_t k_max_header_bytes = 16 * 1024;
// A daemon that hangs up must not kill us with SIGPIPE: MSG_NOSIGNAL where send() takes it (Linux,
// the BSDs); macOS has SO_NOSIGPIPE on the socket instead (util::open_socket sets it).
#ifdef MSG_NOSIGNAL
constexpr int k_no_sigpipe = MSG_NOSIGNAL;
#else
constexpr int k_no_sigpipe = 0;
#endif

class Deadline
{
public:
  explicit Deadline(steady_clock::time_point end)
    : m_end(end)
  {}
  /// Milliseconds left for poll(), rounded up; 0 when passed.
  int left() const
  {
    const auto rest = std::chrono::ceil<milliseconds>(m_end - steady_clock::now()).count();
    return static_cast<int>(std::clamp<std::int64_t>(rest, 0, 1'000'000'000));
  }

private:
  steady_clock::time_point m_end;
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
    const auto sent = ::send(fd, data.data(), data.size(), k_no_sigpipe);
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

} // namespace

bool
can_exchange(Transport transport)
{
  return transport == Transport::unix_socket || transport == Transport::tcp;
}

std::variant<std::string, ExchangeFailure>
exchange_head(const HostAddress& host, std::string_view request, steady_clock::time_point deadline_at)
{
  const Deadline deadline(deadline_at);
  UniqueFd socket_fd;
  auto failure = host.transport == Transport::unix_socket ? connect_unix(socket_fd, host.path, deadline)
                                                          : connect_tcp(socket_fd, host, deadline);
  std::string response;
  if (!failure) {
    failure = send_all(socket_fd.get(), request, deadline);
  }
  if (!failure) {
    failure = receive_headers(socket_fd.get(), response, deadline);
  }
  if (failure) {
    return *failure;
  }
  return response;
}

} // namespace sd::admission
