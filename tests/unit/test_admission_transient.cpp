#include "admission/transient.hpp"
#include "config/settings.hpp"
#include "util/comma_list.hpp"

#include <doctest/doctest.h>

using namespace sd;
using namespace sd::admission;

TEST_CASE("transient: docker's own connection errors, across versions, are daemon failures")
{
  // docker 1.x – 27: the classic message.
  CHECK(is_daemon_unreachable(
    "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"));
  CHECK(is_daemon_unreachable("Cannot connect to the Docker daemon. Is the docker daemon running on this host?"));
  // docker 28+.
  CHECK(is_daemon_unreachable("failed to connect to the docker API at unix:///var/run/docker.sock; check if the "
                              "path is correct and if the daemon is running: dial unix /var/run/docker.sock: "
                              "connect: no such file or directory"));
  // tcp and Windows transports.
  CHECK(is_daemon_unreachable("error during connect: Get \"http://10.0.0.5:2375/v1.45/containers/json\": dial tcp "
                              "10.0.0.5:2375: connect: connection refused"));
  // A plugin or compose quoting the dial error only.
  CHECK(is_daemon_unreachable("some prefix\nGet \"http://%2Fvar%2Frun%2Fdocker.sock/_ping\": dial unix "
                              "/var/run/docker.sock: connect: connection refused\n"));
  CHECK(is_daemon_unreachable("CANNOT CONNECT TO THE DOCKER DAEMON"));
}

TEST_CASE("transient: user errors and permission problems are never daemon failures")
{
  CHECK_FALSE(is_daemon_unreachable("Error response from daemon: No such container: web"));
  CHECK_FALSE(is_daemon_unreachable("Error: No such container: web"));
  CHECK_FALSE(is_daemon_unreachable(
    "Error response from daemon: Conflict. The container name \"/web\" is already in use by container \"abc\"."));
  CHECK_FALSE(is_daemon_unreachable(
    "Error response from daemon: conflict: unable to remove repository reference \"img\" (must force)"));
  CHECK_FALSE(is_daemon_unreachable("")); // a container's non-zero exit prints nothing of docker's
  CHECK_FALSE(is_daemon_unreachable("sh: 1: false: exit status 1\n"));
  // Not allowed to use the socket: a setup problem, not an outage.
  CHECK_FALSE(is_daemon_unreachable(
    "Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: "
    "Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json\": dial unix /var/run/docker.sock: connect: "
    "permission denied"));
  CHECK_FALSE(is_daemon_unreachable("permission denied while trying to connect to the docker API at "
                                    "unix:///var/run/docker.sock"));
  // "dial unix" with another error is not the daemon being down.
  CHECK_FALSE(is_daemon_unreachable("dial unix /var/run/docker.sock: connect: resource temporarily unavailable"));
}

TEST_CASE("transient: default patterns match registry and network hiccups, case-insensitively")
{
  // The shipped default, as the admitted call reads it from the key table.
  const auto patterns = util::split_comma_list(config::Settings().text("retry.patterns"));
  CHECK(matches_transient_pattern("Error response from daemon: toomanyrequests: You have reached your pull rate "
                                  "limit.",
                                  patterns));
  CHECK(
    matches_transient_pattern("Get \"https://registry-1.docker.io/v2/\": net/http: TLS handshake timeout", patterns));
  CHECK(matches_transient_pattern("read tcp 10.0.0.2:5000->1.2.3.4:443: read: Connection Reset By Peer", patterns));
  CHECK(matches_transient_pattern("dial tcp: lookup registry: i/o timeout", patterns));
  CHECK(matches_transient_pattern("received unexpected HTTP status: 502 bad gateway", patterns));
  CHECK(matches_transient_pattern("503 Service Unavailable", patterns));
  CHECK(matches_transient_pattern("net/http: request canceled while waiting for connection", patterns));
  CHECK(matches_transient_pattern("error pulling image configuration: unexpected EOF", patterns));

  CHECK_FALSE(matches_transient_pattern("Error response from daemon: No such container: web", patterns));
  CHECK_FALSE(matches_transient_pattern("Error response from daemon: manifest for img:tag not found", patterns));
  CHECK_FALSE(matches_transient_pattern("anything", {}));
  CHECK_FALSE(matches_transient_pattern("anything", {""}));
  CHECK(matches_transient_pattern("Quota EXCEEDED", {"quota exceeded"}));
}
