#include "coordination/redis_connection.hpp"

#include "coordination/error.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <hiredis/hiredis.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sd::coordination {

namespace {

timeval
to_timeval(std::chrono::milliseconds ms)
{
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

RedisReply
convert(const redisReply& reply)
{
  RedisReply out;
  switch (reply.type) {
  case REDIS_REPLY_STRING:
    out.kind = RedisReply::Kind::text;
    out.text.assign(reply.str, reply.len);
    break;
  case REDIS_REPLY_STATUS:
    out.kind = RedisReply::Kind::status;
    out.text.assign(reply.str, reply.len);
    break;
  case REDIS_REPLY_ERROR:
    out.kind = RedisReply::Kind::error;
    out.text.assign(reply.str, reply.len);
    break;
  case REDIS_REPLY_INTEGER:
    out.kind = RedisReply::Kind::integer;
    out.integer = reply.integer;
    break;
  case REDIS_REPLY_ARRAY:
    out.kind = RedisReply::Kind::array;
    for (std::size_t i = 0; i < reply.elements; ++i) {
      out.elements.push_back(convert(*reply.element[i]));
    }
    break;
  default:
    break;
  }
  return out;
}

// hiredis writes with write(2): a server gone away would raise SIGPIPE, which kills a process
// that keeps its default disposition (as the shim does, for docker's sake). The signal is held
// while a command runs, and one it raised is taken back before it is let through.
class SigpipeHeld
{
public:
  SigpipeHeld()
  {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    m_was_pending = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe, &m_previous);
  }
  ~SigpipeHeld()
  {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    if (!m_was_pending && sigismember(&pending, SIGPIPE) == 1) {
      const timespec none{};
      sigtimedwait(&pipe, nullptr, &none);
    }
    pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
  }
  SigpipeHeld(const SigpipeHeld&) = delete;
  SigpipeHeld& operator=(const SigpipeHeld&) = delete;

private:
  sigset_t m_previous{};
  bool m_was_pending = false;
};

} // namespace

std::string
read_password_file(const std::string& path)
{
  struct stat info = {};
  if (::stat(path.c_str(), &info) != 0) {
    throw CoordinationError("coordination.password_file " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode) || (info.st_mode & 077) != 0 || (info.st_uid != ::geteuid() && info.st_uid != 0)) {
    throw CoordinationError("coordination.password_file " + path
                            + " must be a regular file of mode 0600 or stricter, owned by you or root; run: chmod "
                              "600 "
                            + path);
  }
  std::ifstream in(path);
  std::string password;
  std::getline(in, password);
  if (!in && !in.eof()) {
    throw CoordinationError("coordination.password_file " + path + ": cannot be read");
  }
  return password;
}

RedisConnection::RedisConnection(const RedisTarget& target)
  : m_server(target.address.text()),
    m_timeout(target.timeout)
{
  const auto tv = to_timeval(target.timeout);
  m_context = target.address.is_unix() ? redisConnectUnixWithTimeout(target.address.socket_path.c_str(), tv)
                                       : redisConnectWithTimeout(target.address.host.c_str(), target.address.port, tv);
  if (m_context == nullptr) {
    throw CoordinationError("cannot connect to Redis at " + m_server + ": out of memory");
  }
  if (m_context->err != 0) {
    const std::string why = m_context->errstr;
    redisFree(m_context);
    m_context = nullptr;
    throw CoordinationError("cannot connect to Redis at " + m_server + ": " + why);
  }
  // docker and what it starts must not inherit the connection (safedocker starts programs from
  // one thread, after the connection is made).
  ::fcntl(m_context->fd, F_SETFD, FD_CLOEXEC);
  redisSetTimeout(m_context, tv);
  // The destructor does not run for a constructor that throws: the context is freed here.
  try {
    if (!target.password_file.empty()) {
      const auto reply = command({"AUTH", read_password_file(target.password_file)});
      if (reply.kind == RedisReply::Kind::error) {
        throw CoordinationError("Redis at " + m_server
                                + " refused the password of coordination.password_file: " + reply.text);
      }
    }
    if (target.address.database != 0) {
      const auto reply = command({"SELECT", std::to_string(target.address.database)});
      if (reply.kind == RedisReply::Kind::error) {
        throw CoordinationError("Redis at " + m_server + ": SELECT " + std::to_string(target.address.database) + ": "
                                + reply.text);
      }
    }
  } catch (...) {
    redisFree(m_context);
    m_context = nullptr;
    throw;
  }
}

RedisConnection::~RedisConnection()
{
  if (m_context != nullptr) {
    redisFree(m_context);
  }
}

RedisReply
RedisConnection::command(const std::vector<std::string>& argv, std::chrono::milliseconds extra)
{
  if (m_context == nullptr || m_context->err != 0) {
    throw CoordinationError("the connection to Redis at " + m_server + " is broken");
  }
  if (extra.count() > 0) {
    redisSetTimeout(m_context, to_timeval(m_timeout + extra));
  }
  const SigpipeHeld held;
  std::vector<const char*> args;
  std::vector<std::size_t> lengths;
  for (const auto& arg : argv) {
    args.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* reply =
    static_cast<redisReply*>(redisCommandArgv(m_context, static_cast<int>(args.size()), args.data(), lengths.data()));
  if (extra.count() > 0 && m_context->err == 0) {
    redisSetTimeout(m_context, to_timeval(m_timeout));
  }
  if (reply == nullptr) {
    throw CoordinationError("Redis at " + m_server + ": " + (m_context->err != 0 ? m_context->errstr : "no answer"));
  }
  auto out = convert(*reply);
  freeReplyObject(reply);
  return out;
}

RedisReply
RedisConnection::eval(const std::string& script, const std::vector<std::string>& keys,
                      const std::vector<std::string>& args)
{
  std::vector<std::string> argv{"EVAL", script, std::to_string(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  auto reply = command(argv);
  if (reply.kind == RedisReply::Kind::error) {
    throw CoordinationError("Redis at " + m_server + " failed a script: " + reply.text);
  }
  return reply;
}

} // namespace sd::coordination
