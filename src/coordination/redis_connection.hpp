#pragma once

#include "util/redis_address.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// One connection to a Redis server (hiredis, blocking, with a deadline on every answer). Every
// failure is a CoordinationError naming the server; a reply that is an error is returned as one
// (RedisReply::Kind::error) so that a caller can tell "the server said no" from "no server".

struct redisContext; // hiredis

namespace sd::coordination {

struct RedisReply
{
  enum class Kind : std::uint8_t { nil, integer, text, array, status, error };
  Kind kind = Kind::nil;
  std::int64_t integer = 0;
  std::string text; ///< a string, a status or an error
  std::vector<RedisReply> elements;
};

/// Where to connect and how long to wait.
struct RedisTarget
{
  util::RedisAddress address;
  std::string password_file; ///< empty: no AUTH
  std::chrono::milliseconds timeout{200};
};

class RedisConnection
{
public:
  /// Connects (TCP_NODELAY, close-on-exec), authenticates with the password file's first line
  /// and selects the database. Throws CoordinationError.
  explicit RedisConnection(const RedisTarget& target);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  /// Sends `argv` and waits up to the target's timeout plus `extra` (a blocking command's own
  /// wait) for the answer. Throws CoordinationError when the connection fails; the connection
  /// is unusable afterwards.
  RedisReply command(const std::vector<std::string>& argv,
                     std::chrono::milliseconds extra = std::chrono::milliseconds(0));

  /// EVAL of `script` with `keys` and `args`; an error reply is thrown as a CoordinationError.
  RedisReply eval(const std::string& script, const std::vector<std::string>& keys,
                  const std::vector<std::string>& args);

  /// The server, as an address text for messages.
  const std::string& server() const { return m_server; }

private:
  redisContext* m_context = nullptr;
  std::string m_server;
  std::chrono::milliseconds m_timeout;
};

/// The password of `path`: its first line. Refused (CoordinationError) when the file is not a
/// regular file of mode 0600 or stricter owned by this user or root, like ssh's keys.
std::string read_password_file(const std::string& path);

} // namespace sd::coordination
