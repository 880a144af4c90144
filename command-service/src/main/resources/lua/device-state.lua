-- What a device last said (DeviceStateStore): one hash per device, sb:device:state:<id>, fields lastSeen (ms),
-- reportedAt (ms) and status (the params of its last status notification, JSON), gateway (of the last event).
-- KEYS[1] the hash; ARGV[1] the event's time (ms); ARGV[2] how long the record outlives its last event (ms);
-- ARGV[3] the status params JSON, or '' for an event that is not a status report; ARGV[4] the gateway.
-- Both times only move forward: the events of one device come in order on their partition, but a replay (a new
-- consumer group starts at the earliest offset) or the records of two gateways around a reconnect may not.
-- Answers 1 when the status was replaced, 0 when not (not a status, or older than the one kept; a report of the
-- same millisecond as the one kept replaces it, as it came after it on the device's partition).
local t = tonumber(ARGV[1])
local seen = tonumber(redis.call('HGET', KEYS[1], 'lastSeen') or '0')
if t > seen then
  redis.call('HSET', KEYS[1], 'lastSeen', ARGV[1], 'gateway', ARGV[4])
  seen = t
end
local replaced = 0
if ARGV[3] ~= '' then
  local reported = tonumber(redis.call('HGET', KEYS[1], 'reportedAt') or '0')
  -- equal times: two reports within one millisecond; the later on the partition is the newer one
  if t >= reported then
    redis.call('HSET', KEYS[1], 'reportedAt', ARGV[1], 'status', ARGV[3])
    replaced = 1
  end
end
-- kept for the TTL after the newest event it holds, not after this one: replaying old events does not renew it
redis.call('PEXPIREAT', KEYS[1], seen + tonumber(ARGV[2]))
return replaced
