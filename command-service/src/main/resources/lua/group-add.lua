-- Adds devices to a group unless it would then hold more than the most allowed (docs/jobs.md).
-- KEYS[1] the group's set. ARGV[1] the most members, then the device ids.
-- Returns the size after, or -(the size it would have had) when that is over the most (nothing added).
local new = 0
for i = 2, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 0 then new = new + 1 end
end
local size = redis.call('SCARD', KEYS[1]) + new
if size > tonumber(ARGV[1]) then return -size end
for i = 2, #ARGV, 5000 do
  redis.call('SADD', KEYS[1], unpack(ARGV, i, math.min(i + 4999, #ARGV)))
end
return size
