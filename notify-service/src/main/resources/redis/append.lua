-- Appends one event to its channel, once, and announces it to every replica. Atomic, so the offset
-- order, the history order and the pub/sub order are the same.
-- KEYS[1] sb:notify:seen:{eventId}   KEYS[2] sb:notify:offset:{channel}   KEYS[3] sb:notify:history:{channel}
-- ARGV[1] the event as a JSON object without its offset: {"channel":...,"id":...,"type":...,"data":...,"time":...}
-- ARGV[2] dedupe TTL (ms)   ARGV[3] history max count   ARGV[4] history max age (ms)   ARGV[5] pub/sub channel
-- Returns {1, offset} when stored, {0, offset-of-the-first-copy} for an id seen before.
local seen = redis.call('GET', KEYS[1])
if seen then
  return {0, tonumber(seen)}
end
local offset = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], offset, 'PX', ARGV[2])
local event = '{"offset":' .. offset .. ',' .. string.sub(ARGV[1], 2)
redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[3], '*', 'e', event)
local now = redis.call('TIME')
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[4])
if cutoff > 0 then
  redis.call('XTRIM', KEYS[3], 'MINID', cutoff)
end
redis.call('PEXPIRE', KEYS[3], ARGV[4])
redis.call('PUBLISH', ARGV[5], event)
return {1, offset}
