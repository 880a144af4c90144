-- Expires a live login whose deadline passed (by time, or because its deadline marker is gone).
-- KEYS: login hash, deadline marker. ARGV: now ms, changes channel.
-- Returns {outcome, previous state}: ok (expired now, published) | unchanged | unknown.
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt', 'loginId')
local state = f[1]
if not state then
  return {'unknown', ''}
end
local live = state == 'pending' or state == 'scanned' or state == 'granted'
if live and (tonumber(ARGV[1]) >= tonumber(f[2]) or redis.call('EXISTS', KEYS[2]) == 0) then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'expiredAt', ARGV[1])
  redis.call('HDEL', KEYS[1], 'user')
  redis.call('DEL', KEYS[2])
  redis.call('PUBLISH', ARGV[2], cjson.encode({loginId = f[3], state = 'expired'}))
  return {'ok', state}
end
return {'unchanged', state}
