#include "admission/probe_exchange.hpp"

#include "util/utf16.hpp"

#include <winsock2.h>
#include <ws2tcpip.h>

#include <windows.h>

#include <algorithm>
#include <mutex>
#include <optional>

// Windows: Docker Desktop's engine listens on a named pipe (npipe:////./pipe/docker_engine);
// tcp goes through Winsock. Every step is bounded by the one deadline: pipe I/O is overlapped
// and cancelled at the deadline, sockets are non-blocking and waited on with WSAPoll.

namespace sd::admission {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using Failure = ExchangeFailure;

constexpr std::size_t k_max_header_bytes = 16 * 1024;

DWORD
millis_left(steady_clock::time_point deadline)
{
  const auto rest = std::chrono::ceil<milliseconds>(deadline - steady_clock::now()).count();
  return static_cast<DWORD>(std::clamp<std::int64_t>(rest, 0, 1'000'000'000));
}

std::string
last_error_text(const char* what, DWORD error)
{
  wchar_t* text = nullptr;
  ::FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                   error, 0, reinterpret_cast<LPWSTR>(&text), 0, nullptr);
  std::string message = text != nullptr ? util::from_utf16(text) : "error " + std::to_string(error);
  ::LocalFree(text);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == '.')) {
    message.pop_back();
  }
  return std::string(what) + ": " + message;
}

// ---------------------------------------------------------------- named pipes

class Handle
{
public:
  explicit Handle(HANDLE h = nullptr)
    : m_h(h)
  {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle()
  {
    if (m_h != nullptr && m_h != INVALID_HANDLE_VALUE) {
      ::CloseHandle(m_h);
    }
  }
  HANDLE get() const { return m_h; }

private:
  HANDLE m_h;
};

// One overlapped read or write, finished before the deadline or cancelled: the bytes moved,
// or the failure (ERROR_BROKEN_PIPE on a read is the end of the stream: 0 bytes).
std::variant<DWORD, Failure>
pipe_io(HANDLE pipe, bool reading, char* data, DWORD size, steady_clock::time_point deadline)
{
  Handle event(::CreateEventW(nullptr, TRUE, FALSE, nullptr));
  OVERLAPPED io{};
  io.hEvent = event.get();
  DWORD moved = 0;
  const BOOL done = reading ? ::ReadFile(pipe, data, size, &moved, &io) : ::WriteFile(pipe, data, size, &moved, &io);
  DWORD error = done != 0 ? ERROR_SUCCESS : ::GetLastError();
  if (error == ERROR_IO_PENDING) {
    if (::WaitForSingleObject(event.get(), millis_left(deadline)) != WAIT_OBJECT_0) {
      ::CancelIoEx(pipe, &io);
      ::GetOverlappedResult(pipe, &io, &moved, TRUE); // the cancelled I/O must end before `io` goes
      return Failure{ProbeStatus::timeout,
                     reading ? "no answer before the deadline" : "send: no progress before the deadline"};
    }
    error = ::GetOverlappedResult(pipe, &io, &moved, FALSE) != 0 ? ERROR_SUCCESS : ::GetLastError();
  }
  if (error == ERROR_BROKEN_PIPE && reading) {
    return DWORD{0};
  }
  if (error != ERROR_SUCCESS && error != ERROR_MORE_DATA) {
    return Failure{ProbeStatus::bad_response, last_error_text(reading ? "read" : "write", error)};
  }
  return moved;
}

std::variant<std::string, Failure>
exchange_pipe(const HostAddress& host, std::string_view request, steady_clock::time_point deadline)
{
  std::string name = host.path;
  std::replace(name.begin(), name.end(), '/', '\\');
  const std::wstring wide = util::to_utf16(name);
  HANDLE pipe = INVALID_HANDLE_VALUE;
  while (true) {
    // Identification only: the daemon may learn who we are, never act as us.
    pipe = ::CreateFileW(wide.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                         FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, nullptr);
    if (pipe != INVALID_HANDLE_VALUE) {
      break;
    }
    const DWORD error = ::GetLastError();
    if (error != ERROR_PIPE_BUSY) {
      return Failure{ProbeStatus::unreachable, host.normalized + ": " + last_error_text("connect", error)};
    }
    // Every instance is busy: wait for one, within the deadline.
    const DWORD left = millis_left(deadline);
    if (left == 0 || ::WaitNamedPipeW(wide.c_str(), std::max<DWORD>(left, 1)) == 0) {
      return Failure{ProbeStatus::timeout, host.normalized + ": connect: every pipe instance busy until the deadline"};
    }
  }
  const Handle owned(pipe);
  std::string out(request);
  for (std::size_t sent = 0; sent < out.size();) {
    auto wrote = pipe_io(pipe, false, out.data() + sent, static_cast<DWORD>(out.size() - sent), deadline);
    if (auto* failure = std::get_if<Failure>(&wrote)) {
      return *failure;
    }
    sent += std::get<DWORD>(wrote);
  }
  std::string response;
  char buffer[2048];
  while (response.find("\r\n\r\n") == std::string::npos && response.size() < k_max_header_bytes) {
    auto got = pipe_io(pipe, true, buffer, sizeof buffer, deadline);
    if (auto* failure = std::get_if<Failure>(&got)) {
      return *failure;
    }
    if (std::get<DWORD>(got) == 0) {
      break; // closed: judge what came
    }
    response.append(buffer, std::get<DWORD>(got));
  }
  return response;
}

// ---------------------------------------------------------------- tcp

bool
winsock_ready()
{
  static const bool ready = [] {
    WSADATA data{};
    return ::WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  return ready;
}

class Socket
{
public:
  explicit Socket(SOCKET s = INVALID_SOCKET)
    : m_s(s)
  {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { reset(); }
  void reset(SOCKET s = INVALID_SOCKET)
  {
    if (m_s != INVALID_SOCKET) {
      ::closesocket(m_s);
    }
    m_s = s;
  }
  SOCKET get() const { return m_s; }

private:
  SOCKET m_s;
};

bool
wait_for(SOCKET s, short events, steady_clock::time_point deadline)
{
  WSAPOLLFD watch{s, events, 0};
  return ::WSAPoll(&watch, 1, static_cast<INT>(millis_left(deadline))) > 0;
}

std::optional<Failure>
connect_tcp(Socket& socket, const HostAddress& host, steady_clock::time_point deadline)
{
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const auto port = std::to_string(host.port);
  if (const int error = ::getaddrinfo(host.hostname.c_str(), port.c_str(), &hints, &found); error != 0) {
    return Failure{ProbeStatus::unreachable,
                   host.hostname + ": " + last_error_text("resolve", static_cast<DWORD>(error))};
  }
  Failure last{ProbeStatus::unreachable, host.hostname + ": no address"};
  for (const addrinfo* each = found; each != nullptr; each = each->ai_next) {
    socket.reset(::WSASocketW(each->ai_family, each->ai_socktype, each->ai_protocol, nullptr, 0,
                              WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT));
    u_long nonblocking = 1;
    if (socket.get() == INVALID_SOCKET || ::ioctlsocket(socket.get(), static_cast<long>(FIONBIO), &nonblocking) != 0) {
      last = Failure{ProbeStatus::unreachable, last_error_text("socket", static_cast<DWORD>(::WSAGetLastError()))};
      continue;
    }
    if (::connect(socket.get(), each->ai_addr, static_cast<int>(each->ai_addrlen)) != 0
        && ::WSAGetLastError() != WSAEWOULDBLOCK) {
      last = Failure{ProbeStatus::unreachable,
                     host.normalized + ": " + last_error_text("connect", static_cast<DWORD>(::WSAGetLastError()))};
      continue;
    }
    if (!wait_for(socket.get(), POLLWRNORM, deadline)) {
      last = Failure{ProbeStatus::timeout, host.normalized + ": connect: no answer before the deadline"};
      break;
    }
    int error = 0;
    int size = sizeof error;
    ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &size);
    if (error == 0) {
      ::freeaddrinfo(found);
      return std::nullopt;
    }
    last =
      Failure{ProbeStatus::unreachable, host.normalized + ": " + last_error_text("connect", static_cast<DWORD>(error))};
  }
  ::freeaddrinfo(found);
  socket.reset();
  return last;
}

std::variant<std::string, Failure>
exchange_tcp(const HostAddress& host, std::string_view request, steady_clock::time_point deadline)
{
  if (!winsock_ready()) {
    return Failure{ProbeStatus::unreachable, "Winsock could not be started"};
  }
  Socket socket;
  if (auto failure = connect_tcp(socket, host, deadline)) {
    return *failure;
  }
  while (!request.empty()) {
    const int sent = ::send(socket.get(), request.data(), static_cast<int>(request.size()), 0);
    if (sent > 0) {
      request.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (::WSAGetLastError() != WSAEWOULDBLOCK) {
      return Failure{ProbeStatus::bad_response, last_error_text("send", static_cast<DWORD>(::WSAGetLastError()))};
    }
    if (!wait_for(socket.get(), POLLWRNORM, deadline)) {
      return Failure{ProbeStatus::timeout, "send: no progress before the deadline"};
    }
  }
  std::string response;
  char buffer[2048];
  while (response.find("\r\n\r\n") == std::string::npos && response.size() < k_max_header_bytes) {
    const int got = ::recv(socket.get(), buffer, sizeof buffer, 0);
    if (got > 0) {
      response.append(buffer, static_cast<std::size_t>(got));
      continue;
    }
    if (got == 0) {
      break; // closed: judge what came
    }
    if (::WSAGetLastError() != WSAEWOULDBLOCK) {
      return Failure{ProbeStatus::bad_response, last_error_text("recv", static_cast<DWORD>(::WSAGetLastError()))};
    }
    if (!wait_for(socket.get(), POLLRDNORM, deadline)) {
      return Failure{ProbeStatus::timeout, "no answer before the deadline"};
    }
  }
  return response;
}

} // namespace

bool
can_exchange(Transport transport)
{
  return transport == Transport::npipe || transport == Transport::tcp;
}

std::variant<std::string, ExchangeFailure>
exchange_head(const HostAddress& host, std::string_view request, steady_clock::time_point deadline)
{
  switch (host.transport) {
  case Transport::npipe:
    return exchange_pipe(host, request, deadline);
  case Transport::tcp:
    return exchange_tcp(host, request, deadline);
  default:
    return Failure{ProbeStatus::unreachable, host.normalized + ": not reachable from Windows (npipe and tcp are)"};
  }
}

} // namespace sd::admission
