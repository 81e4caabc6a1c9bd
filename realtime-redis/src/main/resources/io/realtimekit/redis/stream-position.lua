-- A user's stream position {epoch, last offset}, creating the epoch when absent.
-- KEYS[1] meta hash, KEYS[2] the stream. ARGV: new epoch, meta TTL ms.
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  redis.call('DEL', KEYS[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {epoch, tostring(redis.call('HGET', KEYS[1], 'o'))}
