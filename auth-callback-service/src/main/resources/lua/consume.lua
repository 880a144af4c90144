-- Hands out a grant exactly once. KEYS: login hash, deadlines zset. ARGV: now ms, changes channel.
-- Returns {outcome, state, user json, grantedAt ms}: ok (granted -> consumed, published) |
-- unchanged (not granted: state is the current one) | expired_now (the grant lapsed) | unknown.
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt', 'loginId', 'user', 'grantedAt')
local state = f[1]
if not state then
  return {'unknown', '', '', ''}
end
if state ~= 'granted' then
  return {'unchanged', state, '', ''}
end
local function publish(s)
  redis.call('PUBLISH', ARGV[2], cjson.encode({loginId = f[3], state = s}))
end
redis.call('HDEL', KEYS[1], 'user')
redis.call('ZREM', KEYS[2], f[3])
if tonumber(ARGV[1]) >= tonumber(f[2]) then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'expiredAt', ARGV[1])
  publish('expired')
  return {'expired_now', 'granted', '', ''}
end
redis.call('HSET', KEYS[1], 'state', 'consumed', 'consumedAt', ARGV[1])
publish('consumed')
return {'ok', 'granted', f[4] or '', f[5] or ''}
