-- KEYS[1] the command's hash; ARGV[1] the instance that waits for its end.
-- Adds the instance to the hash's 'watchers' (the instances the end state is published to) unless the command
-- already ended, then returns the hash as HGETALL does (empty when there is no such command). Adding and reading in
-- one script: an end recorded after it is published to this instance, one recorded before it is in the answer.
-- A record without 'watchers' was created by a version before routing, whose waiting instance reads only the
-- legacy channel: it is marked 'legacy' so its end is still published there once it has watchers.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {} end
local ended = {succeeded=true, failed=true, timed_out=true, expired=true}
if not ended[status] then
  local w = redis.call('HGET', KEYS[1], 'watchers')
  if not w then
    redis.call('HSET', KEYS[1], 'legacy', '1')
    w = ''
  end
  if not string.find(',' .. w .. ',', ',' .. ARGV[1] .. ',', 1, true) then
    redis.call('HSET', KEYS[1], 'watchers', w == '' and ARGV[1] or (w .. ',' .. ARGV[1]))
  end
end
return redis.call('HGETALL', KEYS[1])
