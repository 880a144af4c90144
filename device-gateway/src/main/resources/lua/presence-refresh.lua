local n = 0
for i = 2, #KEYS do
  if redis.call('PEXPIRE', KEYS[i], ARGV[1]) == 1 then
    redis.call('ZADD', KEYS[1], ARGV[2], ARGV[i + 1])
    n = n + 1
  end
end
return n
