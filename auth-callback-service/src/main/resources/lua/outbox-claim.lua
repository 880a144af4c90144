-- The relay's claim: one relay at a time holds the lease, so records leave in the order they were written.
-- KEYS: outbox list, lease. ARGV: this relay's id, lease ms, batch size.
-- Returns {depth, 0, record...}: the lease is ours (taken or renewed) and the oldest records follow;
-- {depth, pttl}: another relay holds the lease for pttl ms more; {0, 0}: nothing to relay (no lease taken).
local depth = redis.call('LLEN', KEYS[1])
local holder = redis.call('GET', KEYS[2])
if depth == 0 then
  if holder == ARGV[1] then
    redis.call('DEL', KEYS[2])
  end
  return {0, 0}
end
if holder and holder ~= ARGV[1] then
  return {depth, redis.call('PTTL', KEYS[2])}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
local out = {depth, 0}
for _, r in ipairs(redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[3]) - 1)) do
  out[#out + 1] = r
end
return out
