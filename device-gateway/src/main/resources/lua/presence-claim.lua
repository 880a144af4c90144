-- Claims a device's presence for this gateway's connection, in one round trip: the presence key (with its TTL)
-- and the index of connected devices scored by expiry. Returns the presence it replaced, or nil.
-- KEYS[1] sb:presence:device:{deviceId}   KEYS[2] sb:presence:index
-- ARGV[1] the presence JSON   ARGV[2] TTL (ms)   ARGV[3] index score (expiry, epoch ms)   ARGV[4] device id
local previous = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'GET')
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return previous
