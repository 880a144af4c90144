-- Hands out a grant exactly once. KEYS: login hash, deadlines zset, outbox list.
-- ARGV: now ms, changes channel, now (RFC 3339), instance, the granted user's id.
-- Returns {outcome, state, user json, grantedAt ms, outbox depth}: ok (granted -> consumed, published) |
-- unchanged (not granted: state is the current one) | expired_now (the grant lapsed) | unknown.
-- Depth is -1 when no record was written.
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt', 'loginId', 'user', 'grantedAt')
local state = f[1]
if not state then
  return {'unknown', '', '', '', -1}
end
if state ~= 'granted' then
  return {'unchanged', state, '', '', -1}
end
local function publish(s)
  redis.call('PUBLISH', ARGV[2], cjson.encode({loginId = f[3], state = s}))
end
redis.call('HDEL', KEYS[1], 'user')
redis.call('ZREM', KEYS[2], f[3])
if tonumber(ARGV[1]) >= tonumber(f[2]) then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'expiredAt', ARGV[1])
  local depth = record(KEYS[3], KEYS[1], f[3], 'expired', 'granted', nil, ARGV[3], ARGV[4])
  publish('expired')
  return {'expired_now', 'granted', '', '', depth}
end
redis.call('HSET', KEYS[1], 'state', 'consumed', 'consumedAt', ARGV[1])
local depth = record(KEYS[3], KEYS[1], f[3], 'consumed', 'granted', ARGV[5], ARGV[3], ARGV[4])
publish('consumed')
return {'ok', 'granted', f[4] or '', f[5] or '', depth}
