-- Stores a new job and its targets, unless the most jobs are running already (docs/jobs.md).
-- KEYS[1] the job's hash, KEYS[2] its targets (list), KEYS[3] the set of active jobs (zset: job id -> creation ms),
-- KEYS[4] the index of jobs (zset: job id -> creation ms). ARGV[1] the most active jobs, [2] the job id,
-- [3] the creation time (epoch ms), [4] the oldest creation time the index keeps (epoch ms), [5] the number of the
-- hash's field/value pairs that follow (n), then those 2n values, then the device ids in order.
-- Returns {1}: stored; {0, active}: too many jobs running, nothing stored.
local active = redis.call('ZCARD', KEYS[3])
if active >= tonumber(ARGV[1]) then return {0, active} end
local n = tonumber(ARGV[5])
redis.call('HSET', KEYS[1], unpack(ARGV, 6, 5 + 2 * n))
local first = 6 + 2 * n
for i = first, #ARGV, 5000 do
  redis.call('RPUSH', KEYS[2], unpack(ARGV, i, math.min(i + 4999, #ARGV)))
end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[4])
return {1}
