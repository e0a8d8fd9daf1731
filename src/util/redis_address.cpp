#include "util/redis_address.hpp"

#include <charconv>

namespace sd::util {

namespace {

constexpr std::string_view k_forms = "write redis://HOST[:PORT][/DB] or unix:///PATH[?db=DB]";

bool
parse_number(std::string_view text, int min, int max, int& out)
{
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && error == std::errc() && end == text.data() + text.size() && out >= min && out <= max;
}

std::optional<RedisAddress>
fail(std::string& error, std::string what)
{
  error = std::move(what) + "; " + std::string(k_forms);
  return std::nullopt;
}

} // namespace

std::string
RedisAddress::text() const
{
  if (is_unix()) {
    return "unix://" + socket_path + (database != 0 ? "?db=" + std::to_string(database) : "");
  }
  const bool v6 = host.find(':') != std::string::npos;
  return "redis://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(database);
}

std::optional<RedisAddress>
parse_redis_address(std::string_view url, std::string& error)
{
  RedisAddress address;
  if (url.starts_with("unix://")) {
    auto rest = url.substr(7);
    if (const auto query = rest.find('?'); query != std::string_view::npos) {
      const auto params = rest.substr(query + 1);
      if (!params.starts_with("db=") || !parse_number(params.substr(3), 0, 65535, address.database)) {
        return fail(error, "unknown query '" + std::string(params) + "' (only db=N)");
      }
      rest = rest.substr(0, query);
    }
    if (!rest.starts_with('/') || rest.size() < 2) {
      return fail(error, "the socket path must be absolute");
    }
    address.socket_path = std::string(rest);
    return address;
  }
  if (url.starts_with("rediss://")) {
    error = "TLS (rediss://) is not supported; reach the server over a trusted network or a unix socket";
    return std::nullopt;
  }
  if (!url.starts_with("redis://")) {
    return fail(error, "not a Redis address");
  }
  auto rest = url.substr(8);
  if (rest.find('@') != std::string_view::npos) {
    error = "a password must not be written in the address; put it in a file of mode 0600 named by "
            "coordination.password_file";
    return std::nullopt;
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const auto db = rest.substr(slash + 1);
    if (!db.empty() && !parse_number(db, 0, 65535, address.database)) {
      return fail(error, "the database '" + std::string(db) + "' is not a number from 0 to 65535");
    }
    rest = rest.substr(0, slash);
  }
  std::string_view port;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) {
      return fail(error, "an IPv6 address's bracket is left open");
    }
    address.host = std::string(rest.substr(1, close - 1));
    const auto after = rest.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return fail(error, "unexpected text after the IPv6 address");
    }
    port = after.empty() ? after : after.substr(1);
  } else {
    const auto colon = rest.find(':');
    address.host = std::string(rest.substr(0, colon));
    port = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  if (address.host.empty()) {
    return fail(error, "no host given");
  }
  if (!port.empty() && !parse_number(port, 1, 65535, address.port)) {
    return fail(error, "the port '" + std::string(port) + "' is not a number from 1 to 65535");
  }
  return address;
}

} // namespace sd::util
