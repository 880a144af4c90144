-- Stores a new login. KEYS: login hash, key index, deadlines zset.
-- ARGV: loginId, qrCodeKey, bindingHash, createdAt ms, expiresAt ms, record ttl ms.
-- Returns 1, or 0 when the qrCodeKey is already taken (nothing written).
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'loginId', ARGV[1], 'state', 'pending', 'qrCodeKey', ARGV[2],
  'binding', ARGV[3], 'createdAt', ARGV[4], 'expiresAt', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
return 1
