-- KEYS[1] the command's hash; KEYS[2], when given, the device's presence key (a string the gateway writes):
-- without it nothing is created. ARGV[1] the record's TTL in ms, then the hash's field/value pairs.
-- Returns 1 when created, 0 when the device has no presence (offline): the look-up and the write in one round
-- trip. A presence key of another type fails the script (WRONGTYPE), as the plain GET it replaces did.
if KEYS[2] and not redis.call('GET', KEYS[2]) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
