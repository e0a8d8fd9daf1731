#include "coordination/fleet_scripts.hpp"

namespace sd::coordination::scripts {

namespace {

// Shared by the scripts that change the queue: the server's time and the pruning of leases
// that ended (a caller killed by SIGKILL renews nothing).
#define SD_PRELUDE                                                                                                     \
  "local holders, info, queue, waiting = KEYS[1], KEYS[2], KEYS[3], KEYS[4]\n"                                         \
  "local t = redis.call('TIME')\n"                                                                                     \
  "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"                                            \
  "for _, h in ipairs(redis.call('ZRANGEBYSCORE', holders, '-inf', now)) do\n"                                         \
  "  redis.call('ZREM', holders, h); redis.call('HDEL', info, h)\n"                                                    \
  "end\n"                                                                                                              \
  "for _, w in ipairs(redis.call('ZRANGEBYSCORE', waiting, '-inf', now)) do\n"                                         \
  "  redis.call('ZREM', waiting, w); redis.call('ZREM', queue, w); redis.call('HDEL', info, w)\n"                      \
  "end\n"

} // namespace

const std::string_view k_acquire = SD_PRELUDE R"lua(
local token, slots, lease, record, wake = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
local function wake_head()
  if redis.call('ZCARD', holders) < slots then
    local head = redis.call('ZRANGE', queue, 0, 0)[1]
    if head then
      redis.call('RPUSH', wake .. head, 1)
      redis.call('PEXPIRE', wake .. head, lease)
    end
  end
end
local function grant(ticket)
  redis.call('ZREM', queue, token)
  redis.call('ZREM', waiting, token)
  redis.call('ZADD', holders, now + lease, token)
  local held = cjson.decode(record)
  held['since_ms'] = now
  redis.call('HSET', info, token, cjson.encode(held))
  redis.call('DEL', wake .. token)
  wake_head()
  return {1, ticket, 0, now}
end
if redis.call('ZSCORE', holders, token) then
  redis.call('ZADD', holders, now + lease, token)
  return {1, 0, 0, now}
end
local ticket = redis.call('ZSCORE', queue, token)
if not ticket then
  if redis.call('ZCARD', queue) == 0 and redis.call('ZCARD', holders) < slots then
    return grant(0)
  end
  ticket = redis.call('INCR', KEYS[5])
  redis.call('ZADD', queue, ticket, token)
  redis.call('HSET', info, token, record)
end
ticket = tonumber(ticket)
redis.call('ZADD', waiting, now + lease, token)
local place = redis.call('ZRANK', queue, token)
if place == 0 and redis.call('ZCARD', holders) < slots then
  return grant(ticket)
end
wake_head()
return {0, ticket, place, now}
)lua";

const std::string_view k_release = R"lua(
local holders, info, queue, waiting = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local token, slots, wake = ARGV[1], tonumber(ARGV[2]), ARGV[3]
redis.call('ZREM', holders, token)
redis.call('ZREM', queue, token)
redis.call('ZREM', waiting, token)
redis.call('HDEL', info, token)
redis.call('DEL', wake .. token)
if redis.call('ZCARD', holders) < slots then
  local head = redis.call('ZRANGE', queue, 0, 0)[1]
  if head then
    redis.call('RPUSH', wake .. head, 1)
    redis.call('PEXPIRE', wake .. head, 60000)
  end
end
return 1
)lua";

const std::string_view k_renew = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3])
return redis.call('ZCARD', KEYS[1])
)lua";

const std::string_view k_reserve_turn = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = now
-- a reservation further ahead than an hour is garbage, not a turn to wait for
if last + interval > now and last - now < 3600000 then
  start = last + interval
end
redis.call('SET', KEYS[1], start, 'PX', start - now + interval + 60000)
return start - now
)lua";

const std::string_view k_view = SD_PRELUDE R"lua(
local function infos(tokens)
  local out = {}
  for i, token in ipairs(tokens) do
    out[i] = redis.call('HGET', info, token) or '{}'
  end
  return out
end
return {infos(redis.call('ZRANGE', holders, 0, -1)), infos(redis.call('ZRANGE', queue, 0, -1)), now}
)lua";

#undef SD_PRELUDE

} // namespace sd::coordination::scripts
