#include "proxy/server.hpp"

#include "admission/daemon_key.hpp"
#include "util/cloexec.hpp"
#include "util/exit_codes.hpp"
#include "util/fatal.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string_view>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace sd::proxy {

namespace {

namespace asio = boost::asio;
using Protocol = asio::local::stream_protocol;

[[noreturn]] void
fail(const std::string& message)
{
  throw Fatal(exit_code::k_usage, message);
}

// Whether something answers on the unix socket at `path`.
bool
answers(const std::string& path)
{
  const int fd = util::open_socket(AF_UNIX, SOCK_STREAM, 0, false);
  if (fd < 0) {
    return false;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  const bool connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// Makes room for the socket: only a stale socket (nobody answers) is ever removed.
void
clear_stale_socket(const std::string& path)
{
  struct stat info = {};
  if (::lstat(path.c_str(), &info) != 0) {
    return;
  }
  if (!S_ISSOCK(info.st_mode)) {
    fail(path + " exists and is not a socket; remove it or listen elsewhere");
  }
  if (answers(path)) {
    fail(path + " is in use: something answers on it (another guard proxy?)");
  }
  ::unlink(path.c_str());
}

bool
same_file(const std::string& a, const std::string& b)
{
  struct stat first = {};
  struct stat second = {};
  return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0 && first.st_dev == second.st_dev
         && first.st_ino == second.st_ino;
}

int serve_on(const ListenOptions& listen, const std::shared_ptr<const SessionConfig>& config,
             const std::function<void(Protocol::acceptor&)>& make_acceptor);

// systemd's first passed descriptor (sd_listen_fds(3)).
constexpr int k_first_passed_fd = 3;

// The path of the unix socket systemd passed, checked to be a listening stream socket.
std::string
passed_socket_path()
{
  int type = 0;
  int listening = 0;
  socklen_t size = sizeof type;
  if (::getsockopt(k_first_passed_fd, SOL_SOCKET, SO_TYPE, &type, &size) != 0 || type != SOCK_STREAM) {
    fail("the descriptor systemd passed is not a stream socket; set ListenStream= in the socket unit");
  }
  size = sizeof listening;
  if (::getsockopt(k_first_passed_fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || listening == 0) {
    fail("the socket systemd passed is not listening");
  }
  sockaddr_un address{};
  socklen_t length = sizeof address;
  if (::getsockname(k_first_passed_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0
      || address.sun_family != AF_UNIX || address.sun_path[0] != '/') {
    fail("the socket systemd passed is not a unix socket with a path; set ListenStream=/PATH in the socket unit");
  }
  return std::string(address.sun_path);
}

} // namespace

bool
socket_activated()
{
  const char* pid = std::getenv("LISTEN_PID");
  const char* fds = std::getenv("LISTEN_FDS");
  return pid != nullptr && fds != nullptr && std::to_string(::getpid()) == pid && std::string_view(fds) == "1";
}

int
run_proxy(const ListenOptions& requested, std::shared_ptr<const SessionConfig> config)
{
  const bool activated = requested.path.empty();
  ListenOptions listen = requested;
  if (activated) {
    listen.path = passed_socket_path();
    if ((!config->upstream_path.empty() && same_file(listen.path, config->upstream_path))) {
      fail("the upstream " + config->upstream + " is the guard's own socket " + listen.path
           + "; point --upstream at the daemon");
    }
    return serve_on(listen, config,
                    [](Protocol::acceptor& acceptor) { acceptor.assign(Protocol(), k_first_passed_fd); });
  }
  if (listen.path.size() >= sizeof(sockaddr_un::sun_path)) {
    fail("socket path too long (at most " + std::to_string(sizeof(sockaddr_un::sun_path) - 1)
         + " bytes): " + listen.path);
  }
  if ((!config->upstream_path.empty() && same_file(listen.path, config->upstream_path))) {
    fail("the upstream " + config->upstream + " is the guard's own socket " + listen.path
         + "; point --upstream at the daemon");
  }
  clear_stale_socket(listen.path);
  const int status = serve_on(listen, config, [&](Protocol::acceptor& acceptor) {
    acceptor.open();
    // The socket is born with its final mode: no moment in which others could connect.
    const mode_t old_umask = ::umask(static_cast<mode_t>(~listen.mode & 0777));
    boost::system::error_code ec;
    acceptor.bind(Protocol::endpoint(listen.path), ec);
    ::umask(old_umask);
    if (ec) {
      fail("cannot listen on " + listen.path + ": " + ec.message());
    }
    if ((!config->upstream_path.empty()
         && same_file(listen.path, config->upstream_path))) { // the upstream is a link to where we listen
      ::unlink(listen.path.c_str());
      fail("the upstream " + config->upstream + " leads to the guard's own socket " + listen.path
           + "; point --upstream at the daemon");
    }
    if (listen.gid && ::chown(listen.path.c_str(), static_cast<uid_t>(-1), static_cast<gid_t>(*listen.gid)) != 0) {
      const std::string error = std::strerror(errno);
      ::unlink(listen.path.c_str());
      fail("cannot give " + listen.path + " to group " + std::to_string(*listen.gid) + ": " + error);
    }
    acceptor.listen(asio::socket_base::max_listen_connections);
  });
  ::unlink(listen.path.c_str()); // ours to remove; a socket systemd passed is systemd's
  return status;
}

namespace {

int
serve_on(const ListenOptions& listen, const std::shared_ptr<const SessionConfig>& config,
         const std::function<void(Protocol::acceptor&)>& make_acceptor)
{
  std::signal(SIGPIPE, SIG_IGN); // a client gone mid-write is an error code, not the end of the guard
  asio::io_context io(1);        // one thread runs it: no locking inside Asio
  Protocol::acceptor acceptor(io);
  make_acceptor(acceptor);
  if (config->admission) { // a shim call to this socket takes the daemon's slot
    config->admission->register_socket(admission::daemon_key("unix://" + listen.path));
  }

  asio::steady_timer retry_timer(io);
  asio::signal_set stop(io, SIGINT, SIGTERM, SIGHUP);
  stop.async_wait([&](const boost::system::error_code&, int signal) {
    std::fprintf(stderr, "safedocker: proxy: %s received, stopping\n", ::strsignal(signal));
    acceptor.close();
    retry_timer.cancel();
    io.stop();
  });

  std::function<void()> accept = [&] {
    auto client = std::make_shared<Socket>(io);
    acceptor.async_accept(*client, [&, client](const boost::system::error_code& accept_ec) {
      if (accept_ec == asio::error::operation_aborted) {
        return;
      }
      if (!accept_ec) {
        serve(std::move(*client), config);
        return accept();
      }
      // Out of descriptors and the like: try again shortly, never in a busy loop.
      std::fprintf(stderr, "safedocker: proxy: accept: %s\n", accept_ec.message().c_str());
      retry_timer.expires_after(std::chrono::milliseconds(100));
      retry_timer.async_wait([&](const boost::system::error_code& wait_ec) {
        if (!wait_ec) {
          accept();
        }
      });
    });
  };
  accept();
  std::fprintf(stderr, "safedocker: proxy: listening on %s, forwarding to %s\n", listen.path.c_str(),
               config->upstream.c_str());
  io.run();
  return 0;
}

} // namespace

} // namespace sd::proxy
