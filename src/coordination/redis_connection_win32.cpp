#include "coordination/redis_connection.hpp"

#include "coordination/error.hpp"

// Windows: hiredis is not in the cross compiler's libraries, so safedocker.exe has no Redis
// client yet. Every connection fails with the reason, and coordination.on_unavailable decides
// as for a server that cannot be reached: this host's own slots (said on stderr and audited as
// degraded), or exit 204. The manual's Windows section says so.

namespace sd::coordination {

namespace {

[[noreturn]] void
refuse(const std::string& server)
{
  throw CoordinationError("Redis at " + server
                          + ": safedocker.exe is built without a Redis client, so a fleet's slots cannot be "
                            "shared from Windows; set coordination.backend = \"local\" on this host");
}

} // namespace

std::string
read_password_file(const std::string& path)
{
  refuse("(password file " + path + ")");
}

RedisConnection::RedisConnection(const RedisTarget& target)
  : m_server(target.address.text()),
    m_timeout(target.timeout)
{
  refuse(m_server);
}

RedisConnection::~RedisConnection() = default;

RedisReply
RedisConnection::command(const std::vector<std::string>&, std::chrono::milliseconds)
{
  refuse(m_server);
}

RedisReply
RedisConnection::eval(const std::string&, const std::vector<std::string>&, const std::vector<std::string>&)
{
  refuse(m_server);
}

} // namespace sd::coordination
