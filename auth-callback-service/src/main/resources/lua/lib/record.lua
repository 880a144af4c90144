-- Prepended to every script that changes a login's state (see LuaScripts): the change's business-log
-- record goes into the outbox list in the same script, so no change happens without its record and a
-- retried call that changes nothing writes nothing. The record is QrEvent's JSON plus a unique id
-- (<loginId>:<seq>) and seq, the login's record counter (1, 2, ...: the order of its changes).
-- Returns the outbox depth after the append.
local function record(outbox, loginKey, loginId, state, previous, userId, at, instance)
  local seq = redis.call('HINCRBY', loginKey, 'seq', 1)
  local r = {id = loginId .. ':' .. seq, seq = seq, loginId = loginId, state = state, at = at, instance = instance}
  if previous == nil or previous == '' then
    r.type = 'qr.login.created'
  else
    r.type = 'qr.login.' .. state
    r.previousState = previous
  end
  if userId ~= nil and userId ~= '' then
    r.userId = userId
  end
  return redis.call('RPUSH', outbox, cjson.encode(r))
end
