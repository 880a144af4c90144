-- Removes the oldest n records once Kafka acknowledged them, only while this relay holds the lease (a relay
-- whose lease lapsed must not remove what another relay now owns). KEYS: outbox list, lease.
-- ARGV: this relay's id, n, lease ms. Returns the remaining depth (the lease is released at 0), or -1
-- when the lease is not ours.
if redis.call('GET', KEYS[2]) ~= ARGV[1] then
  return -1
end
local n = tonumber(ARGV[2])
if n > 0 then
  redis.call('LTRIM', KEYS[1], n, -1)
end
local depth = redis.call('LLEN', KEYS[1])
if depth == 0 then
  redis.call('DEL', KEYS[2])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
return depth
