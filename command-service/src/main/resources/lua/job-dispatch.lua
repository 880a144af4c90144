-- One machine of a job: its command created (connected machine), queued (offline, the job asked to queue) or the
-- machine recorded offline, and the job's books updated in the same step (docs/jobs.md).
-- KEYS[1] the command's hash, KEYS[2] the device's presence key, KEYS[3] the machine's queue, KEYS[4] the job's hash,
-- KEYS[5] the job's lease. ARGV[1] this instance (must hold the lease), [2] the prefix of a gateway's route key,
-- [3] the record's TTL in ms when sent now, [4] the queue entry ('' when the job does not queue), [5] the most entries
-- a queue holds, [6] the record's TTL in ms when queued, [7] the end of the wait (ISO-8601), [8] the device id,
-- [9] the command id, [10] the machine's index in the job, [11] the command's deadline (epoch ms) when sent now,
-- [12] the end of the wait (epoch ms), [13] the time (ISO-8601), [14] the job id, then the hash's field/value pairs.
-- Returns {1, route}: created, to be sent over Kafka; {2, ''}: queued; {0, reason}: not sent (device_offline,
-- queue_full); {3, ''}: this machine was dispatched before (nothing sent; a command whose booking was lost is booked); {4, ''}: the job stopped running since
-- the claim (nothing sent); {-3, ''}: the lease is another's.
if redis.call('GET', KEYS[5]) ~= ARGV[1] then return {-3, ''} end
local machines, claims = KEYS[4] .. ':machines', KEYS[4] .. ':claims'
local device, command, index = ARGV[8], ARGV[9], ARGV[10]
if redis.call('HEXISTS', machines, device) == 1 then
  redis.call('ZREM', claims, index)
  return {3, ''}
end
if redis.call('EXISTS', KEYS[1]) == 1 then -- created before and its booking lost (Redis restarted on an older file)
  local status = redis.call('HGET', KEYS[1], 'status')
  redis.call('HSET', KEYS[1], 'job', ARGV[14])
  redis.call('HINCRBY', KEYS[4], 'c:' .. status, 1)
  redis.call('HINCRBY', KEYS[4], 'version', 1)
  redis.call('HSET', machines, device, command .. ' ' .. status)
  redis.call('ZREM', claims, index)
  local ended = {succeeded=true, failed=true, timed_out=true, expired=true, cancelled=true}
  if not ended[status] then redis.call('ZADD', KEYS[4] .. ':pending', ARGV[11], command) end
  if status == 'queued' then redis.call('SADD', KEYS[4] .. ':queued', command) end
  return {3, ''}
end
if redis.call('HGET', KEYS[4], 'status') ~= 'running' then -- cancelled or aborted since the claim: never sent
  redis.call('ZREM', claims, index)
  return {4, ''}
end
local function book(status, deadline)
  redis.call('HINCRBY', KEYS[4], 'c:' .. status, 1)
  redis.call('HINCRBY', KEYS[4], 'version', 1)
  redis.call('HSET', KEYS[4], 'updatedAt', ARGV[13])
  redis.call('ZREM', claims, index)
  if deadline then
    redis.call('HSET', machines, device, command .. ' ' .. status)
    redis.call('ZADD', KEYS[4] .. ':pending', deadline, command)
  else
    redis.call('HSET', machines, device, '- ' .. status)
  end
end
local v = redis.call('GET', KEYS[2])
if v then
  local route = holder_route(v, ARGV[2])
  redis.call('HSET', KEYS[1], unpack(ARGV, 15))
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  book('accepted', ARGV[11])
  return {1, route}
end
if ARGV[4] == '' then
  book('offline', nil)
  redis.call('HSET', KEYS[4] .. ':reasons', device, 'device_offline')
  return {0, 'device_offline'}
end
if redis.call('LLEN', KEYS[3]) >= tonumber(ARGV[5]) then
  book('offline', nil)
  redis.call('HSET', KEYS[4] .. ':reasons', device, 'queue_full')
  return {0, 'queue_full'}
end
redis.call('HSET', KEYS[1], unpack(ARGV, 15))
redis.call('HSET', KEYS[1], 'status', 'queued', 'deadline', ARGV[7], 'queuedUntil', ARGV[7], 'queueEntry', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
append_queued(KEYS[3], ARGV[4], ARGV[6])
book('queued', ARGV[12])
redis.call('SADD', KEYS[4] .. ':queued', command)
return {2, ''}
