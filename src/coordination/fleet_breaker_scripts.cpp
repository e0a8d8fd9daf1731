#include "coordination/fleet_breaker_scripts.hpp"

namespace sd::coordination::scripts {

const std::string_view k_breaker_gate = R"lua(
local count, last, reason, open, opened, probe, active = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local host, probe_timeout, window = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', active, now, host)
redis.call('ZREMRANGEBYSCORE', active, '-inf', now - window)
local mine = tonumber(redis.call('HGET', count, host) or '0')
local function look(who)
  local next_probe = tonumber(redis.call('HGET', open, who) or '0')
  if next_probe == 0 then
    return nil
  end
  local since = tonumber(redis.call('HGET', opened, who) or '0')
  local why = redis.call('HGET', reason, who) or ''
  if now < next_probe then
    return {'open', who, since, next_probe, why, mine}
  end
  local deadline = tonumber(redis.call('HGET', probe, who) or '0')
  if deadline > now then
    return {'open', who, since, deadline, why, mine}
  end
  redis.call('HSET', probe, who, now + probe_timeout)
  if who == '*' then
    redis.call('HSET', probe, '*owner', host)
  end
  return {'probe', who, since, next_probe, why, mine}
end
return look('*') or look(host) or {'closed', host, 0, 0, '', mine}
)lua";

const std::string_view k_breaker_report = R"lua(
local count, last, reason, open, opened, probe, active = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local host, outcome, why = ARGV[1], ARGV[2], ARGV[3]
local threshold, open_ms, window = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function open_for(who)
  redis.call('HSET', open, who, now + open_ms)
  redis.call('HSET', opened, who, now)
  redis.call('HSET', reason, who, why)
  redis.call('HDEL', probe, who)
end
if outcome == 'success' then
  if redis.call('HGET', probe, '*owner') == host then
    -- The fleet's prober reached the daemon: every host starts again.
    for _, key in ipairs({count, last, reason, open, opened, probe}) do
      redis.call('DEL', key)
    end
    return {0, 'fleet_close'}
  end
  local was_open = redis.call('HEXISTS', open, host) == 1
  for _, key in ipairs({count, last, reason, open, opened, probe}) do
    redis.call('HDEL', key, host)
  end
  if was_open then
    return {0, 'host_close'}
  end
  return {0}
end
local mine = redis.call('HINCRBY', count, host, 1)
redis.call('HSET', last, host, now)
redis.call('HSET', reason, host, why)
local result = {mine}
if redis.call('HEXISTS', probe, host) == 1 or (mine >= threshold and redis.call('HEXISTS', open, host) == 0) then
  open_for(host)
  table.insert(result, 'host_open')
end
if redis.call('HGET', probe, '*owner') == host then
  redis.call('HDEL', probe, '*owner')
  open_for('*')
  table.insert(result, 'fleet_open')
elseif redis.call('HEXISTS', open, '*') == 0 then
  local failing, total = 0, 0
  local counts = redis.call('HGETALL', count)
  for i = 1, #counts, 2 do
    if tonumber(redis.call('HGET', last, counts[i]) or '0') >= now - window then
      failing = failing + 1
      total = total + tonumber(counts[i + 1])
    end
  end
  local hosts = redis.call('ZCOUNT', active, now - window, '+inf')
  if failing >= math.min(2, math.max(hosts, 1)) and total >= threshold then
    open_for('*')
    table.insert(result, 'fleet_open')
  end
end
return result
)lua";

const std::string_view k_breaker_view = R"lua(
local function number(key, who)
  return tonumber(redis.call('HGET', key, who) or '0')
end
local host = ARGV[1]
return {number(KEYS[4], '*'), number(KEYS[5], '*'), redis.call('HGET', KEYS[3], '*') or '',
        number(KEYS[1], host), number(KEYS[4], host), number(KEYS[5], host), redis.call('HGET', KEYS[3], host) or ''}
)lua";

} // namespace sd::coordination::scripts
