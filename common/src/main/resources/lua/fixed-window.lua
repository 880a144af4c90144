-- Fixed-window counter (connect attempts per device, logins per address). KEYS: counter. ARGV: window ms.
-- Returns {count in window, ms until the window ends}; the first hit of a window starts its expiry.
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
