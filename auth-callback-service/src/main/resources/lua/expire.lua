-- Expires a live login whose deadline passed. KEYS: login hash, deadlines zset.
-- ARGV: now ms, changes channel, loginId.
-- Returns {outcome, previous state}: ok (expired now, published) | unchanged | unknown.
-- A login no longer live (or gone) leaves the deadlines zset.
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt')
local state = f[1]
if not state then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return {'unknown', ''}
end
local live = state == 'pending' or state == 'scanned' or state == 'granted'
if not live then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return {'unchanged', state}
end
if tonumber(ARGV[1]) < tonumber(f[2]) then
  return {'unchanged', state}
end
redis.call('HSET', KEYS[1], 'state', 'expired', 'expiredAt', ARGV[1])
redis.call('HDEL', KEYS[1], 'user')
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[2], cjson.encode({loginId = ARGV[3], state = 'expired'}))
return {'ok', state}
