#include "grammar/parser.hpp"
#include "housekeeping/image_use.hpp"
#include "housekeeping/inventory.hpp"
#include "housekeeping/session_labels.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

using namespace sd::housekeeping;

TEST_CASE("inventory: RFC 3339 times as docker writes them")
{
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0.0);
  CHECK(parse_rfc3339("2026-11-28T06:00:00Z") == 1795845600.0);
  CHECK(parse_rfc3339("2026-11-28T07:00:00+01:00") == 1795845600.0);
  CHECK(parse_rfc3339("2026-11-28T06:00:00.5Z") == 1795845600.5);
  CHECK(*parse_rfc3339("0001-01-01T00:00:00Z") < 0);
  CHECK_FALSE(parse_rfc3339("2026-11-28"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:00"));
  CHECK_FALSE(parse_rfc3339("2026-13-28T06:00:00Z"));
}

TEST_CASE("inventory: RFC 3339 fields are plain digits within their ranges, or the time is not read")
{
  CHECK(parse_rfc3339("2024-02-29T23:59:59.999Z")); // a leap day, the last second of a day
  CHECK(parse_rfc3339("2026-11-28T06:00:00-23:59"));
  // No signs in any field (a sign would read as a negative number of hours, minutes, …).
  CHECK_FALSE(parse_rfc3339("-026-11-28T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026--1-28T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11--1T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T-1:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:-1:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:-1Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:+1Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:00+-1:00"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:00+01:-1"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T 6:00:00Z"));
  // Out of range, as Go's time.Parse refuses them.
  CHECK_FALSE(parse_rfc3339("2026-00-28T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-00T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-31T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-02-29T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2100-02-29T06:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T24:00:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:60:00Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:60Z"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:00+24:00"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:00+01:60"));
  CHECK_FALSE(parse_rfc3339("2026-11-28T06:00:00.Z")); // a fraction needs a digit
  // An object whose time cannot be read is kept: created (or finished) in the far future.
  const auto odd = parse_containers(R"([{"Id": "x", "Name": "/x", "Created": "2026-11-28T-1:00:00Z",
    "State": {"Status": "exited", "FinishedAt": "2026-11-28T06:00:61Z"}, "Config": {}},
    {"Id": "y", "Name": "/y", "Created": "2020-01-01T00:00:00Z",
    "State": {"Status": "exited", "FinishedAt": "2026-11-28T06:-1:00Z"}, "Config": {}}])");
  REQUIRE(odd.size() == 2);
  CHECK(odd[0].created > 4e9);
  CHECK(odd[1].created == 1577836800.0);
  CHECK(odd[1].finished > 4e9);
  CHECK(parse_images(R"([{"Id":"sha256:1","Created":"2026-11-28T06:00:00+01:-1"}])")[0].created > 4e9);
}

TEST_CASE("inventory: containers from docker inspect")
{
  const auto containers = parse_containers(R"([{
    "Id": "abc", "Name": "/web", "Image": "sha256:img", "Created": "2026-11-28T06:00:00.123456789Z",
    "State": {"Status": "exited", "FinishedAt": "2026-11-28T07:00:00Z"},
    "Config": {"Image": "busybox", "Labels": {"safedocker.session": "s1", "n": "1"}},
    "NetworkSettings": {"Networks": {"mynet": {"NetworkID": "net1"}, "none": {}}},
    "Mounts": [{"Type": "volume", "Name": "data"}, {"Type": "bind", "Source": "/x"}],
    "SizeRw": 42},
    {"Id": "def", "Name": "/never", "Created": "2026-11-28T06:00:00Z",
     "State": {"Status": "created", "FinishedAt": "0001-01-01T00:00:00Z"}, "Config": {"Labels": null}}])");
  REQUIRE(containers.size() == 2);
  const auto& web = containers[0];
  CHECK(web.id == "abc");
  CHECK(web.name == "web");
  CHECK(web.state == "exited");
  CHECK(web.image_id == "sha256:img");
  CHECK(web.image == "busybox");
  CHECK(web.created == doctest::Approx(1795845600.123));
  CHECK(web.finished == 1795849200.0);
  CHECK(*label(web.labels, "safedocker.session") == "s1");
  CHECK(web.networks == std::vector<std::string>{"net1", "none"});
  CHECK(web.volumes == std::vector<std::string>{"data"});
  CHECK(web.size_rw == 42);
  CHECK(containers[1].finished == 0);
  CHECK(containers[1].labels.empty());
  CHECK_THROWS_AS(parse_containers("no such object"), std::runtime_error);
  // Without a readable creation time a container counts as created in the far future: kept.
  const auto odd = parse_containers(R"([{"Id": "x", "Name": "/x", "Created": "yesterday",
    "State": {"Status": "exited"}, "Config": {}}])");
  REQUIRE(odd.size() == 1);
  CHECK(odd[0].created > 4e9);
}

TEST_CASE("inventory: images, networks, volumes, build cache size")
{
  const auto images = parse_images(R"([{"Id":"sha256:1","RepoTags":[],"RepoDigests":["r@sha256:9"],
    "Created":"2026-11-28T06:00:00Z","Size":123,"Config":{"Labels":{"safedocker.keep":"1"}}}])");
  REQUIRE(images.size() == 1);
  CHECK(images[0].dangling());
  CHECK(images[0].size == 123);
  CHECK(images[0].digests == std::vector<std::string>{"r@sha256:9"});
  const auto networks = parse_networks(R"([{"Name":"n","Id":"nid","Created":"2026-11-28T06:00:00Z","Labels":{}}])");
  REQUIRE(networks.size() == 1);
  CHECK(networks[0].id == "nid");
  const auto volumes = parse_volumes(R"([{"Name":"v","CreatedAt":"2026-11-28T06:00:00Z","Labels":null}])");
  REQUIRE(volumes.size() == 1);
  CHECK(volumes[0].created == 1795845600.0);
  const std::string df =
    "{\"Type\":\"Images\",\"Size\":\"3MB\"}\n{\"Active\":\"0\",\"Size\":\"1.5GB\",\"Type\":\"Build Cache\"}\n";
  CHECK(parse_build_cache_bytes(df) == 1500000000);
  CHECK(parse_build_cache_bytes("{\"Type\":\"Build Cache\",\"Size\":\"0B\"}") == 0);
  CHECK_FALSE(parse_build_cache_bytes("{\"Type\":\"Images\",\"Size\":\"3MB\"}"));
}

TEST_CASE("image use: last successful run or create per image, matched by id prefix, tag or digest")
{
  ImageUses uses;
  add_image_use(
    R"({"v":1,"time":"2026-11-28T06:00:00.000Z","event":"invocation","argv":["docker","run","--rm","-e","A=1","app:1","echo","hi"],"command":"container run","exit":0})",
    uses);
  add_image_use(
    R"({"v":1,"time":"2026-11-28T07:00:00.000Z","event":"invocation","argv":["docker","--context","x","container","create","app:1"],"command":"container create","exit":0})",
    uses);
  add_image_use(
    R"({"v":1,"time":"2026-11-28T08:00:00.000Z","event":"invocation","argv":["docker","run","app:1"],"command":"container run","exit":125})",
    uses);
  add_image_use(
    R"({"v":1,"time":"2026-11-28T06:30:00.000Z","event":"invocation","argv":["docker","run","0123456789abcdef"],"command":"container run","exit":0})",
    uses);
  add_image_use(
    R"({"v":1,"time":"2026-11-28T06:30:00.000Z","event":"invocation","argv":["docker","run","busybox"],"command":"container run","exit":0})",
    uses);
  add_image_use("not json \"container run\"", uses);
  CHECK(uses.at("app:1") == 1795849200.0); // the failed run at 08:00 does not count
  ImageInfo tagged;
  tagged.id = "sha256:aaaa";
  tagged.tags = {"app:1"};
  ImageInfo by_id;
  by_id.id = "sha256:0123456789abcdef0000";
  ImageInfo latest;
  latest.id = "sha256:bbbb";
  latest.tags = {"busybox:latest"};
  ImageInfo unused;
  unused.id = "sha256:cccc";
  const auto last = last_use_by_image(uses, {tagged, by_id, latest, unused});
  CHECK(last.at("sha256:aaaa") == 1795849200.0);
  CHECK(last.at("sha256:0123456789abcdef0000") == 1795847400.0);
  CHECK(last.at("sha256:bbbb") == 1795847400.0);
  CHECK_FALSE(last.contains("sha256:cccc"));
}

namespace {

std::vector<std::string>
labelled(std::vector<std::string_view> args, std::string_view session = "s1")
{
  const auto parsed = sd::grammar::parse(args, sd::grammar::Face::docker);
  auto out = session_labelled_args(parsed, session, 1700000000);
  return out ? *out : std::vector<std::string>{"(unchanged)"};
}

} // namespace

TEST_CASE("session labels: inserted after the command words, before the image, -- and the container's command")
{
  const std::vector<std::string> labels = {"--label", "safedocker.session=s1", "--label",
                                           "safedocker.created=1700000000"};
  auto want = [&](std::vector<std::string> before, std::vector<std::string> after) {
    before.insert(before.end(), labels.begin(), labels.end());
    before.insert(before.end(), after.begin(), after.end());
    return before;
  };
  CHECK(labelled({"run", "--rm", "img", "sh", "-c", "x"}) == want({"run"}, {"--rm", "img", "sh", "-c", "x"}));
  CHECK(labelled({"--context", "ci", "-H", "unix:///s", "container", "run", "img", "--label", "in-container"})
        == want({"--context", "ci", "-H", "unix:///s", "container", "run"}, {"img", "--label", "in-container"}));
  CHECK(labelled({"create", "--", "img"}) == want({"create"}, {"--", "img"}));
  CHECK(labelled({"container", "create", "--name", "x", "img"})
        == want({"container", "create"}, {"--name", "x", "img"}));
  CHECK(labelled({"network", "create", "n"}) == want({"network", "create"}, {"n"}));
  CHECK(labelled({"volume", "create", "v"}) == want({"volume", "create"}, {"v"}));
  CHECK(labelled({"ps", "-a"}) == std::vector<std::string>{"(unchanged)"});
  CHECK(labelled({"run", "--help"}) == std::vector<std::string>{"(unchanged)"});
  CHECK(labelled({"exec", "c", "docker", "run", "x"}) == std::vector<std::string>{"(unchanged)"});
  CHECK(labelled({"run", "img"}, "") == std::vector<std::string>{"(unchanged)"});
}
