local v = redis.call('GET', KEYS[1])
if v and string.sub(v, -string.len(ARGV[1]) - 1) == ' ' .. ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
