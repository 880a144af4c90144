-- KEYS[1] the command's hash; KEYS[2], when given, the device's presence key (a string the gateway writes):
-- without it nothing is created. ARGV[1] the record's TTL in ms, ARGV[2] the prefix of a gateway's route key,
-- then the hash's field/value pairs.
-- Returns 0 when the device has no presence (offline), else {1, route}: the route (the partitions of
-- device.commands) of the gateway that holds the device, '' when not known (the command then goes by its key).
-- The look-up, the route and the write in one round trip (standalone Redis: the route key is derived here from the
-- presence). A presence key of another type fails the script (WRONGTYPE), as a plain GET would.
local route = ''
if KEYS[2] then
  local v = redis.call('GET', KEYS[2])
  if not v then return 0 end
  route = holder_route(v, ARGV[2])
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return {1, route}
