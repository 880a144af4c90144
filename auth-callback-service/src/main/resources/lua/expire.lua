-- Expires a live login whose deadline passed. KEYS: login hash, deadlines zset, outbox list.
-- ARGV: now ms, changes channel, loginId, now (RFC 3339), instance.
-- Returns {outcome, previous state, outbox depth}: ok (expired now, recorded, published) | unchanged | unknown
-- (depth -1: no record). A login no longer live (or gone) leaves the deadlines zset.
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt')
local state = f[1]
if not state then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return {'unknown', '', -1}
end
local live = state == 'pending' or state == 'scanned' or state == 'granted'
if not live then
  redis.call('ZREM', KEYS[2], ARGV[3])
  return {'unchanged', state, -1}
end
if tonumber(ARGV[1]) < tonumber(f[2]) then
  return {'unchanged', state, -1}
end
redis.call('HSET', KEYS[1], 'state', 'expired', 'expiredAt', ARGV[1])
redis.call('HDEL', KEYS[1], 'user')
redis.call('ZREM', KEYS[2], ARGV[3])
local depth = record(KEYS[3], KEYS[1], ARGV[3], 'expired', state, nil, ARGV[4], ARGV[5])
redis.call('PUBLISH', ARGV[2], cjson.encode({loginId = ARGV[3], state = 'expired'}))
return {'ok', state, depth}
