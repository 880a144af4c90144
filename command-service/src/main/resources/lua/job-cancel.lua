-- Cancels a running job: no machine is dispatched after this (docs/jobs.md). KEYS[1] the job's hash. ARGV[1] the
-- time (ISO-8601). Returns {1, 'cancelled'} when cancelled now, {0, status} when it was not running, {-2, ''} when
-- there is no such job.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {-2, ''} end
if status ~= 'running' then return {0, status} end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'updatedAt', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return {1, 'cancelled'}
