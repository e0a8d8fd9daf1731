#include "admission/health_probe.hpp"
#include "test_admission_support.hpp"

#include <doctest/doctest.h>

#ifndef SD_FAKE_DAEMON
#error "SD_FAKE_DAEMON must name the fake-daemon binary (tests/admission.cmake defines it)"
#endif

using namespace sd::admission;
using namespace sd::admission::testing;
using namespace std::chrono_literals;

namespace {

// tests/integration/fake-daemon, started without a shell; stopped (SIGTERM) and reaped at the end.
class FakeDaemon
{
public:
  FakeDaemon(const std::string& address, const std::string& mode)
    : m_child([&] {
        ::dup2(m_output.write_fd(), STDOUT_FILENO); // dup2 clears close-on-exec on the copy
        ::execl(SD_FAKE_DAEMON, "fake-daemon", address.c_str(), mode.c_str(), static_cast<char*>(nullptr));
        return 127;
      })
  {
    m_output.close_write();
    m_ready = m_output.receive().value_or("");
  }
  ~FakeDaemon()
  {
    ::kill(m_child.pid(), SIGTERM);
    m_child.wait();
  }
  FakeDaemon(const FakeDaemon&) = delete;
  FakeDaemon& operator=(const FakeDaemon&) = delete;

  /// What it printed: "ready unix://PATH" or "ready tcp://127.0.0.1:PORT"; "" if it failed.
  const std::string& ready() const { return m_ready; }
  /// The address it listens on, as a docker host string.
  std::string host() const { return m_ready.substr(std::string("ready ").size()); }

private:
  Pipe m_output;
  Child m_child;
  std::string m_ready;
};

Endpoint
endpoint(const std::string& host, bool tls = false)
{
  return Endpoint{host, "test", "default", tls};
}

} // namespace

TEST_CASE("probe: a daemon that answers 200 is ok, with its API version (unix socket)")
{
  TempDir temp;
  FakeDaemon daemon(temp / "docker.sock", "ok");
  REQUIRE(daemon.ready() == "ready unix://" + (temp / "docker.sock"));
  const auto result = ping(endpoint(daemon.host()), 5s);
  CHECK(result.status == ProbeStatus::ok);
  CHECK(result.api_version == "1.41");
  CHECK(result.message == "HTTP/1.1 200 OK");
  CHECK(probe_status_name(result.status) == "ok");
}

TEST_CASE("probe: tcp on the loopback, and a base path")
{
  FakeDaemon daemon("tcp:0", "ok");
  REQUIRE(daemon.ready().starts_with("ready tcp://127.0.0.1:"));
  const auto result = ping(endpoint(daemon.host()), 5s);
  CHECK(result.status == ProbeStatus::ok);
  CHECK(result.api_version == "1.41");
  // A base path reaches the daemon as /prefix/_ping: the fake answers 404 for it.
  const auto prefixed = ping(endpoint(daemon.host() + "/prefix"), 5s);
  CHECK(prefixed.status == ProbeStatus::bad_response);
  CHECK(prefixed.message == "HTTP/1.1 404 Not Found");
}

TEST_CASE("probe: a daemon that accepts and never answers times out at the deadline")
{
  TempDir temp;
  FakeDaemon daemon(temp / "docker.sock", "hang");
  REQUIRE_FALSE(daemon.ready().empty());
  const auto result = ping(endpoint(daemon.host()), 300ms);
  CHECK(result.status == ProbeStatus::timeout);
  CHECK(result.api_version.empty());
}

TEST_CASE("probe: no daemon is unreachable")
{
  TempDir temp;
  // A missing socket file.
  auto result = ping(endpoint("unix://" + (temp / "missing.sock")), 2s);
  CHECK(result.status == ProbeStatus::unreachable);
  CHECK(result.message.find("No such file or directory") != std::string::npos);

  // A plain file where the socket should be: connection refused.
  {
    FakeDaemon refusing(temp / "docker.sock", "refuse");
    REQUIRE_FALSE(refusing.ready().empty());
  }
  result = ping(endpoint("unix://" + (temp / "docker.sock")), 2s);
  CHECK(result.status == ProbeStatus::unreachable);
  CHECK(result.message.find("Connection refused") != std::string::npos);

  // A closed tcp port.
  std::string closed_port;
  {
    FakeDaemon refusing("tcp:0", "refuse");
    closed_port = refusing.host();
  }
  REQUIRE(closed_port.starts_with("tcp://127.0.0.1:"));
  CHECK(ping(endpoint(closed_port), 2s).status == ProbeStatus::unreachable);
}

TEST_CASE("probe: a 500 is a bad response")
{
  TempDir temp;
  FakeDaemon daemon(temp / "docker.sock", "fail500");
  REQUIRE_FALSE(daemon.ready().empty());
  const auto result = ping(endpoint(daemon.host()), 5s);
  CHECK(result.status == ProbeStatus::bad_response);
  CHECK(result.message == "HTTP/1.1 500 Internal Server Error");
}

TEST_CASE("probe: ssh, fd, npipe and TLS endpoints are not probed")
{
  for (const auto& host : {"ssh://me@host", "fd://", "npipe:////./pipe/docker_engine"}) {
    const auto result = ping(endpoint(host), 1s);
    CHECK(result.status == ProbeStatus::not_probeable);
    CHECK_FALSE(result.message.empty());
  }
  const auto tls = ping(endpoint("tcp://127.0.0.1:2376", true), 1s);
  CHECK(tls.status == ProbeStatus::not_probeable);
  CHECK(tls.message.find("TLS") != std::string::npos);
}
