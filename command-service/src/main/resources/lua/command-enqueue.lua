-- A command that may wait for its machine. KEYS[1] the command's hash, KEYS[2] the device's presence key, KEYS[3] the
-- machine's queue (a list of QueuedCommand JSON, oldest first). ARGV[1] the record's TTL in ms when sent now,
-- ARGV[2] the prefix of a gateway's route key, ARGV[3] the queue entry, ARGV[4] the most entries a queue holds,
-- ARGV[5] the record's TTL in ms when queued (its wait plus the record TTL), ARGV[6] the end of the wait (ISO-8601),
-- then the hash's field/value pairs (status accepted).
-- Returns {1, route} when the machine is connected: the record is stored as command-create.lua stores it, and the
-- caller sends it over Kafka. Returns {2, ''} when it is offline: the record is stored 'queued' (deadline = the end of
-- its wait) and the entry appended. Returns {-1, length} when the queue is full: nothing stored.
-- The presence check and the append in one script: a gateway that claims the presence reads the queue after its
-- claim, so a command is either queued before the claim (the gateway delivers it) or sent over Kafka after it.
local v = redis.call('GET', KEYS[2])
if v then
  local route = holder_route(v, ARGV[2])
  redis.call('HSET', KEYS[1], unpack(ARGV, 7))
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  return {1, route}
end
local length = redis.call('LLEN', KEYS[3])
if length >= tonumber(ARGV[4]) then return {-1, tostring(length)} end
redis.call('HSET', KEYS[1], unpack(ARGV, 7))
redis.call('HSET', KEYS[1], 'status', 'queued', 'deadline', ARGV[6], 'queuedUntil', ARGV[6], 'queueEntry', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
append_queued(KEYS[3], ARGV[3], ARGV[5])
return {2, ''}
