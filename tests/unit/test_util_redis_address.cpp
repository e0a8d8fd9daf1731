#include "util/redis_address.hpp"

#include <doctest/doctest.h>

using sd::util::parse_redis_address;

TEST_CASE("redis address: tcp with defaults, port, database and IPv6; a unix socket with a database")
{
  std::string error;
  auto address = parse_redis_address("redis://redis.ci.example", error);
  REQUIRE(address);
  CHECK(address->host == "redis.ci.example");
  CHECK(address->port == 6379);
  CHECK(address->database == 0);
  CHECK(address->text() == "redis://redis.ci.example:6379/0");

  address = parse_redis_address("redis://10.0.0.5:6380/3", error);
  REQUIRE(address);
  CHECK(address->port == 6380);
  CHECK(address->database == 3);

  address = parse_redis_address("redis://[::1]:7000", error);
  REQUIRE(address);
  CHECK(address->host == "::1");
  CHECK(address->text() == "redis://[::1]:7000/0");

  address = parse_redis_address("unix:///run/redis/redis.sock?db=2", error);
  REQUIRE(address);
  CHECK(address->is_unix());
  CHECK(address->socket_path == "/run/redis/redis.sock");
  CHECK(address->database == 2);
  CHECK(address->text() == "unix:///run/redis/redis.sock?db=2");
}

TEST_CASE("redis address: what is refused says why and how to write it")
{
  const struct
  {
    const char* url;
    const char* says;
  } cases[] = {
    {"localhost:6379", "not a Redis address; write redis://HOST[:PORT][/DB]"},
    {"redis://:secret@10.0.0.1", "coordination.password_file"},
    {"redis://user:secret@10.0.0.1:6379", "must not be written in the address"},
    {"rediss://10.0.0.1", "TLS (rediss://) is not supported"},
    {"redis://", "no host given"},
    {"redis://host:0", "the port '0' is not a number from 1 to 65535"},
    {"redis://host:6379x", "the port '6379x'"},
    {"redis://host/db1", "the database 'db1'"},
    {"redis://[::1", "bracket is left open"},
    {"unix://run/redis.sock", "the socket path must be absolute"},
    {"unix:///run/redis.sock?database=1", "unknown query 'database=1' (only db=N)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.url);
    std::string error;
    CHECK_FALSE(parse_redis_address(c.url, error));
    CHECK(error.find(c.says) != std::string::npos);
  }
}
