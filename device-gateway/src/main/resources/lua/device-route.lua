-- KEYS[1] a device's presence key; ARGV[1] the prefix of a gateway's route key.
-- Returns {gateway, route} of the gateway that holds the device ('' when its route is not known), or nil when
-- no gateway holds it. One round trip for the presence and the route it names (standalone Redis: the route key
-- is derived here from the presence).
local v = redis.call('GET', KEYS[1])
if not v then return nil end
local ok, p = pcall(cjson.decode, v)
if not ok or type(p) ~= 'table' or type(p.gateway) ~= 'string' then return {'', ''} end
return {p.gateway, redis.call('GET', ARGV[1] .. p.gateway) or ''}
