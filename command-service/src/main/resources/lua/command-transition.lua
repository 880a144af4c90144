-- KEYS[1] the command's hash. ARGV: [1] the new status, [2] the reporting device ('' for none), [3] a field to
-- set with it and [4] its value ('' for none), [5] the time, [6] the prefix of the instances' update channels,
-- [7] the legacy update channel, [8] '1' to publish every end there too, [9] the prefix of a job's keys.
-- Moves forward only; an end state is published, as the flat hash, on the channel of each instance in 'watchers'
-- (none: nobody waits, nothing is published). It is published on the legacy channel, which versions before routing
-- read, too when the record has no 'watchers' field (one of those versions created it), when 'legacy' is set (one
-- of their instances created it and one of this version long-polls it), or when ARGV[8] is '1' (rolling upgrade). Returns {1 applied | 0 ignored | -1 wrong device | -2 unknown, previous}.
local cur = redis.call('HGET', KEYS[1], 'status')
if not cur then return {-2, ''} end
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'deviceId') ~= ARGV[2] then return {-1, cur} end
-- queued: a command waiting for its offline machine (command-enqueue.lua); cancelled: removed from that wait
local rank = {accepted=0, queued=0, sent=1, delivered=2, succeeded=3, failed=3, timed_out=3, expired=3, cancelled=3}
local new = ARGV[1]
local delivered = redis.call('HEXISTS', KEYS[1], 'deliveredAt') == 1
if new == 'delivered' and not delivered then
  redis.call('HSET', KEYS[1], 'deliveredAt', ARGV[5])
end
local apply, late = false, false
if rank[cur] < 3 then
  apply = rank[new] > rank[cur] and not (new == 'expired' and (cur == 'delivered' or delivered))
elseif cur == 'timed_out' and (new == 'succeeded' or new == 'failed') then
  apply, late = true, true
elseif cur == 'timed_out' and new == 'expired' and not delivered then
  apply = true
end
if not apply then return {0, cur} end
redis.call('HSET', KEYS[1], 'status', new, 'updatedAt', ARGV[5])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], ARGV[3], ARGV[4]) end
if late then redis.call('HSET', KEYS[1], 'late', 'true') end
-- a job's command (job-dispatch.lua): the job's counts, the machine's outcome and the job's open deadlines follow it
local job = redis.call('HGET', KEYS[1], 'job')
if job then
  local jk = ARGV[9] .. job
  local ids = redis.call('HMGET', KEYS[1], 'commandId', 'deviceId')
  redis.call('HINCRBY', jk, 'c:' .. cur, -1)
  redis.call('HINCRBY', jk, 'c:' .. new, 1)
  redis.call('HINCRBY', jk, 'version', 1)
  redis.call('HSET', jk, 'updatedAt', ARGV[5])
  redis.call('HSET', jk .. ':machines', ids[2], ids[1] .. ' ' .. new)
  if cur == 'queued' then redis.call('SREM', jk .. ':queued', ids[1]) end
  if rank[new] == 3 then redis.call('ZREM', jk .. ':pending', ids[1]) end
end
if rank[new] == 3 then
  local h = redis.call('HGETALL', KEYS[1])
  local t = {}
  for i = 1, #h, 2 do t[h[i]] = h[i + 1] end
  local w = t.watchers
  local legacy = w == nil or t.legacy == '1' or ARGV[8] == '1'
  t.watchers = nil
  t.legacy = nil
  local payload = (legacy or (w and w ~= '')) and cjson.encode(t)
  if w and w ~= '' then
    for instance in string.gmatch(w, '[^,]+') do
      redis.call('PUBLISH', ARGV[6] .. instance, payload)
    end
  end
  if legacy then redis.call('PUBLISH', ARGV[7], payload) end
end
return {1, cur}
