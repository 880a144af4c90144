-- Appends one event to its channel, once, and announces it to every replica. Atomic, so the offset
-- order, the history order and the pub/sub order are the same.
-- KEYS[1] sb:notify:seen:{eventId}   KEYS[2] sb:notify:offset:{channel}   KEYS[3] sb:notify:history:{channel}
-- KEYS[4] sb:notify:epoch:{channel}
-- ARGV[1] the event as a JSON object without its offset: {"channel":...,"id":...,"type":...,"data":...,"time":...}
-- ARGV[2] dedupe TTL (ms)   ARGV[3] history max count   ARGV[4] history max age (ms)   ARGV[5] pub/sub channel
-- ARGV[6] random characters (hex) for a new epoch
-- ARGV[7] the ingest's W3C traceparent, or empty or absent: when set, the message is the traceparent, a space, the event
-- The epoch names one life of the offset counter: it is created with the counter (offset 1, or a counter
-- without an epoch from before epochs existed), from Redis TIME plus ARGV[6], and never changes after.
-- Returns {1, offset, epoch} when stored, {0, offset-of-the-first-copy, epoch} for an id seen before.
local seen = redis.call('GET', KEYS[1])
if seen then
  return {0, tonumber(seen), redis.call('GET', KEYS[4]) or ''}
end
local offset = redis.call('INCR', KEYS[2])
local now = redis.call('TIME')
local epoch = redis.call('GET', KEYS[4])
if offset == 1 or not epoch then
  epoch = now[1] .. string.format('%06d', tonumber(now[2])) .. '-' .. ARGV[6]
  redis.call('SET', KEYS[4], epoch)
end
redis.call('SET', KEYS[1], offset, 'PX', ARGV[2])
local event = '{"offset":' .. offset .. ',"epoch":"' .. epoch .. '",' .. string.sub(ARGV[1], 2)
redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[3], '*', 'e', event)
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[4])
if cutoff > 0 then
  redis.call('XTRIM', KEYS[3], 'MINID', cutoff)
end
redis.call('PEXPIRE', KEYS[3], ARGV[4])
local traceparent = ARGV[7] or ''
if traceparent ~= '' then
  redis.call('PUBLISH', ARGV[5], traceparent .. ' ' .. event)
else
  redis.call('PUBLISH', ARGV[5], event)
end
return {1, offset, epoch}
