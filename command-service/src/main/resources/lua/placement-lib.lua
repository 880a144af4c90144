-- Shared by command-create.lua, command-enqueue.lua and job-dispatch.lua (prepended by LuaScript.withLibrary).
-- The route of the gateway named by a device's presence value ('' when not known: the command then goes by its key).
local function holder_route(presence, route_prefix)
  local ok, p = pcall(cjson.decode, presence)
  if ok and type(p) == 'table' and type(p.gateway) == 'string' then
    return redis.call('GET', route_prefix .. p.gateway) or ''
  end
  return ''
end
-- Appends an entry to a machine's queue, which lives as long as its longest wait (GT: never shortened by a shorter
-- one); entries whose wait ended are dropped by the gateway that reads them, or with the list.
local function append_queued(queue, entry, ttl)
  redis.call('RPUSH', queue, entry)
  redis.call('PEXPIRE', queue, ttl, 'GT')
  if redis.call('PTTL', queue) < 0 then redis.call('PEXPIRE', queue, ttl) end
end
