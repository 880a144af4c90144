-- Ends a job when nothing of it is in flight any more (docs/jobs.md). KEYS[1] the job's hash, KEYS[2] the set of
-- active jobs; the job's other keys are derived from KEYS[1]. ARGV[1] the job id, [2] the time (ISO-8601),
-- [3] how long a finished job is kept (ms).
-- A running job whose machines were all dispatched and ended is completed; a completed, aborted or cancelled job
-- with nothing in flight is finished: out of the active set, its keys set to expire. Returns its status and '1' when
-- it finished now, else '0'.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return {'', '1'}
end
-- a stopped job starts nothing more (job-dispatch.lua refuses it), so its claims are void
if status ~= 'running' then redis.call('DEL', KEYS[1] .. ':claims') end
local function count(s) return tonumber(redis.call('HGET', KEYS[1], 'c:' .. s) or '0') end
local inflight = count('accepted') + count('sent') + count('delivered') + count('queued')
  + redis.call('ZCARD', KEYS[1] .. ':claims')
if inflight > 0 then return {status, '0'} end
if status == 'running' then
  if tonumber(redis.call('HGET', KEYS[1], 'cursor')) < tonumber(redis.call('HGET', KEYS[1], 'total')) then
    return {status, '0'}
  end
  status = 'completed'
  redis.call('HSET', KEYS[1], 'status', status)
end
redis.call('HSET', KEYS[1], 'finishedAt', ARGV[2], 'updatedAt', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('ZREM', KEYS[2], ARGV[1])
for _, suffix in ipairs({'', ':targets', ':machines', ':reasons', ':pending', ':claims', ':queued', ':lease'}) do
  redis.call('PEXPIRE', KEYS[1] .. suffix, ARGV[3])
end
return {status, '1'}
