-- Applies a verified webhook event. KEYS: login hash, webhook-id marker, key index, deadlines zset.
-- ARGV: event (scanned|granted|denied), now ms, user json or '', changes channel, webhook marker ttl ms,
--       grant ttl ms, retention ms.
-- Returns {outcome, previous state}: ok | duplicate | unchanged | invalid | unknown | expired_now.
-- A change is published on the channel as {"loginId","state"}; a live login past its deadline expires here.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'duplicate', ''}
end
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt', 'loginId')
local state, expiresAt, loginId = f[1], tonumber(f[2]), f[3]
if not state then
  return {'unknown', ''}
end
local now = tonumber(ARGV[2])
local function ms(x) return string.format('%.0f', x) end
local function publish(s)
  redis.call('PUBLISH', ARGV[4], cjson.encode({loginId = loginId, state = s}))
end
local live = state == 'pending' or state == 'scanned' or state == 'granted'
if live and now >= expiresAt then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'expiredAt', ARGV[2])
  redis.call('HDEL', KEYS[1], 'user')
  redis.call('ZREM', KEYS[4], loginId)
  publish('expired')
  return {'expired_now', state}
end
local event = ARGV[1]
if state == 'scanned' and event == 'scanned' then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[5])
  return {'unchanged', state}
end
local allowed = (state == 'pending' and (event == 'scanned' or event == 'granted' or event == 'denied'))
  or (state == 'scanned' and (event == 'granted' or event == 'denied'))
if not allowed then
  return {'invalid', state}
end
redis.call('HSET', KEYS[1], 'state', event, event .. 'At', ARGV[2])
if event == 'granted' then
  redis.call('HSET', KEYS[1], 'user', ARGV[3])
  local deadline = math.max(expiresAt, now + tonumber(ARGV[6]))
  redis.call('HSET', KEYS[1], 'expiresAt', ms(deadline))
  redis.call('ZADD', KEYS[4], ms(deadline), loginId)
  redis.call('PEXPIRE', KEYS[1], ms(deadline - now + tonumber(ARGV[7])))
  redis.call('PEXPIRE', KEYS[3], ms(deadline - now + tonumber(ARGV[7])))
elseif event == 'denied' then
  redis.call('HDEL', KEYS[1], 'user')
  redis.call('ZREM', KEYS[4], loginId)
end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[5])
publish(event)
return {'ok', state}
