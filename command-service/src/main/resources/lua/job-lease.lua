-- Takes or keeps a job's lease. KEYS[1] the lease. ARGV[1] this instance, [2] the lease's time in ms.
-- Returns 1 when this instance held it and keeps it, 2 when it takes it now, 0 when another holds it.
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 2
