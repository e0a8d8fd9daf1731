#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Where a Redis server listens, as coordination.redis writes it:
//   redis://HOST[:PORT][/DB]       TCP (port 6379, database 0 when not given); [::1] for IPv6
//   unix:///PATH[?db=DB]           a unix socket
// A password is never part of it (coordination.password_file names a file instead), so the
// address can be shown, logged and recorded as it is.

namespace sd::util {

struct RedisAddress
{
  std::string host; ///< empty for a unix socket
  int port = 6379;
  std::string socket_path; ///< for unix:// addresses
  int database = 0;

  bool is_unix() const { return !socket_path.empty(); }
  /// The address written back as a URL.
  std::string text() const;
};

/// Parses `url`; nullopt and `error` (what is wrong; the fix) when it is not one of the forms
/// above.
std::optional<RedisAddress> parse_redis_address(std::string_view url, std::string& error);

} // namespace sd::util
