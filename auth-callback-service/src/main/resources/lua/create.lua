-- Stores a new login. KEYS: login hash, key index, deadlines zset, outbox list.
-- ARGV: loginId, qrCodeKey, bindingHash, createdAt ms, expiresAt ms, record ttl ms, createdAt (RFC 3339),
--       instance, outbox max length, changes channel.
-- Returns {1, outbox depth}, {0, -1} when the qrCodeKey is already taken, or {-1, depth} when the outbox
-- holds its maximum (nothing written in either case).
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {0, -1}
end
local depth = redis.call('LLEN', KEYS[4])
if depth >= tonumber(ARGV[9]) then
  return {-1, depth}
end
redis.call('HSET', KEYS[1], 'loginId', ARGV[1], 'state', 'pending', 'qrCodeKey', ARGV[2],
  'binding', ARGV[3], 'createdAt', ARGV[4], 'expiresAt', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
local depth = record(KEYS[4], KEYS[1], ARGV[1], 'pending', nil, nil, ARGV[7], ARGV[8])
-- published like every change, so that every replica's relay hears of the new record
redis.call('PUBLISH', ARGV[10], cjson.encode({loginId = ARGV[1], state = 'pending'}))
return {1, depth}
