-- Claims the next machines of a running job for dispatch (docs/jobs.md), after the abort rule.
-- KEYS[1] the job's hash, KEYS[2] its lease, KEYS[3] its targets (list of device ids), KEYS[4] its claims (zset:
-- index -> claim time). ARGV[1] this instance (must hold the lease), [2] now (epoch ms), [3] how many machines the
-- rollout rate allows by now, [4] the most to claim in this call, [5] the time (ISO-8601).
-- Returns {-3}: the lease is another's; {-1, status}: not running; {-2}: aborted now by the abort rule;
-- {1, index, deviceId, index, deviceId, ...}: claimed (possibly none).
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {-3} end
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'running' then return {-1, status or ''} end
local function count(s) return tonumber(redis.call('HGET', KEYS[1], 'c:' .. s) or '0') end
local pct = redis.call('HGET', KEYS[1], 'abortFailedPercent')
if pct then
  local bad = count('failed') + count('timed_out')
  local finished = bad + count('succeeded')
  if finished >= tonumber(redis.call('HGET', KEYS[1], 'abortMinFinished')) and bad * 100 > tonumber(pct) * finished then
    redis.call('HSET', KEYS[1], 'status', 'aborted', 'updatedAt', ARGV[5])
    redis.call('HINCRBY', KEYS[1], 'version', 1)
    return {-2}
  end
end
local cursor = tonumber(redis.call('HGET', KEYS[1], 'cursor'))
local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
local n = math.min(tonumber(ARGV[3]), total) - cursor
n = math.min(n, tonumber(ARGV[4]))
local out = {1}
for i = 0, n - 1 do
  local index = cursor + i
  redis.call('ZADD', KEYS[4], ARGV[2], index)
  out[#out + 1] = index
  out[#out + 1] = redis.call('LINDEX', KEYS[3], index)
end
if n > 0 then redis.call('HSET', KEYS[1], 'cursor', cursor + n) end
return out
