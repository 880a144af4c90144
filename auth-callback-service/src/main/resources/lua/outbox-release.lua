-- Gives the relay's lease back (at shutdown) so another replica's relay can take over at once.
-- KEYS: lease. ARGV: this relay's id. Returns 1 when released, 0 when it was not ours.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
