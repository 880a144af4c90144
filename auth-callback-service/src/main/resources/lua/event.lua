-- Applies a verified webhook event. KEYS: login hash, webhook-id marker, key index, deadlines zset, outbox list.
-- ARGV: event (scanned|granted|denied), now ms, user json or '', changes channel, webhook marker ttl ms,
--       grant ttl ms, retention ms, now (RFC 3339), instance, user id or '', W3C traceparent or ''.
-- Returns {outcome, previous state, outbox depth}: ok | duplicate | unchanged | invalid | unknown | expired_now
-- (depth -1 when no record was written). A change is recorded in the outbox and published on the channel as
-- {"loginId","state"}, plus "traceparent" when one is given (the webhook's trace); a live login past its deadline
-- expires here.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'duplicate', '', -1}
end
local f = redis.call('HMGET', KEYS[1], 'state', 'expiresAt', 'loginId')
local state, expiresAt, loginId = f[1], tonumber(f[2]), f[3]
if not state then
  return {'unknown', '', -1}
end
local now = tonumber(ARGV[2])
local function ms(x) return string.format('%.0f', x) end
local function publish(s)
  local change = {loginId = loginId, state = s}
  if ARGV[11] and ARGV[11] ~= '' then
    change.traceparent = ARGV[11]
  end
  redis.call('PUBLISH', ARGV[4], cjson.encode(change))
end
local live = state == 'pending' or state == 'scanned' or state == 'granted'
if live and now >= expiresAt then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'expiredAt', ARGV[2])
  redis.call('HDEL', KEYS[1], 'user')
  redis.call('ZREM', KEYS[4], loginId)
  local depth = record(KEYS[5], KEYS[1], loginId, 'expired', state, nil, ARGV[8], ARGV[9])
  publish('expired')
  return {'expired_now', state, depth}
end
local event = ARGV[1]
if state == 'scanned' and event == 'scanned' then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[5])
  return {'unchanged', state, -1}
end
local allowed = (state == 'pending' and (event == 'scanned' or event == 'granted' or event == 'denied'))
  or (state == 'scanned' and (event == 'granted' or event == 'denied'))
if not allowed then
  return {'invalid', state, -1}
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
local depth = record(KEYS[5], KEYS[1], loginId, event, state, ARGV[10], ARGV[8], ARGV[9])
publish(event)
return {'ok', state, depth}
