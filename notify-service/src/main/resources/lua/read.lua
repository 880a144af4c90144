-- Reads what a subscriber missed: the channel's current offset and epoch, and the retained events after `since`.
-- KEYS[1] sb:notify:offset:{channel}   KEYS[2] sb:notify:history:{channel}   KEYS[3] sb:notify:epoch:{channel}
-- ARGV[1] since (-1: none)   ARGV[2] history max age (ms)   ARGV[3] random characters (hex) for a new epoch
-- A channel with a counter but no epoch (written before epochs existed) gets its epoch here, as append.lua
-- would; a channel without a counter has none yet ('').
-- Returns {head, epoch, event1, event2, ...}, events oldest first (each the stored JSON with its offset).
local now = redis.call('TIME')
local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[2])
if cutoff > 0 then
  redis.call('XTRIM', KEYS[2], 'MINID', cutoff)
end
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ''
  if head > 0 then
    epoch = now[1] .. string.format('%06d', tonumber(now[2])) .. '-' .. ARGV[3]
    redis.call('SET', KEYS[3], epoch)
  end
end
local since = tonumber(ARGV[1])
local out = {head, epoch}
if since < 0 or since >= head then
  return out
end
local entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', head - since)
for i = #entries, 1, -1 do
  out[#out + 1] = entries[i][2][2]
end
return out
