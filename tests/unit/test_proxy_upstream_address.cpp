#include "proxy/upstream_address.hpp"
#include "util/fatal.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>

using namespace sd;

namespace {

std::string
refusal(std::string_view host, bool tls = false)
{
  try {
    proxy::upstream_address(host, tls, "--upstream");
  } catch (const Fatal& error) {
    CHECK(error.exit_code() == 2);
    return error.what();
  }
  return "(accepted)";
}

} // namespace

TEST_CASE("upstream address: a unix socket, as docker reads the host")
{
  const auto address = proxy::upstream_address("unix:///run/user/1000/docker.sock", false, "--upstream");
  CHECK(address.name == "/run/user/1000/docker.sock");
  CHECK(address.path == "/run/user/1000/docker.sock");
  REQUIRE(address.endpoints.size() == 1);
  CHECK(address.endpoints[0].protocol().family() == AF_UNIX);
  CHECK(proxy::upstream_address("unix://", false, "--upstream").path == "/var/run/docker.sock");
}

TEST_CASE("upstream address: a plain tcp daemon, resolved when the guard starts")
{
  auto address = proxy::upstream_address("tcp://127.0.0.1:2375", false, "--upstream");
  CHECK(address.name == "tcp://127.0.0.1:2375");
  CHECK(address.path.empty()); // never compared with the guard's own socket
  REQUIRE(address.endpoints.size() == 1);
  CHECK(address.endpoints[0].protocol().family() == AF_INET);
  CHECK(address.host.normalized == "tcp://127.0.0.1:2375");
  CHECK(proxy::upstream_address("tcp://127.0.0.1", false, "--upstream").name
        == "tcp://127.0.0.1:2375"); // docker's default port
  address = proxy::upstream_address("tcp://[::1]:2375", false, "--upstream");
  CHECK(address.name == "tcp://[::1]:2375");
  REQUIRE_FALSE(address.endpoints.empty());
  CHECK(address.endpoints[0].protocol().family() == AF_INET6);
}

TEST_CASE("upstream address: what is not served is refused, saying why")
{
  CHECK(refusal("ssh://me@build-host")
        == "--upstream ssh://me@build-host: an ssh daemon is not served: the guard "
           "forwards to a unix socket (unix:///PATH) or a plain tcp daemon (tcp://HOST:PORT); "
           "run the guard on the daemon's host");
  CHECK(refusal("tcp://127.0.0.1:2376", true).find("reached with TLS, which the guard does not speak yet")
        != std::string::npos);
  CHECK(refusal("tcp://127.0.0.1:2375/v2").find("a path prefix (/v2) is not served") != std::string::npos);
  CHECK(refusal("npipe:////./pipe/docker_engine").find("not served") != std::string::npos);
  CHECK(refusal("fd://").find("not served") != std::string::npos);
  CHECK(refusal("tcp://no-such-host.invalid:2375").find("cannot resolve no-such-host.invalid") != std::string::npos);
  CHECK(refusal("http://x").find("--upstream http://x: ") == 0); // docker's own parse error
}
