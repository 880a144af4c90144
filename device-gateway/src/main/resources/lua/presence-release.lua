local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).connectionId == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[2])
  return 1
end
return 0
