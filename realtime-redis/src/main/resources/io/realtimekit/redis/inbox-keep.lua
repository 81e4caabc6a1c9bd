-- Keeps one message in a user's offline inbox and returns what the cap pushed out, atomically.
-- KEYS[1] sorted set (member message id, score sentAt in microseconds), KEYS[2] hash (message id
-- -> value); both share one hash tag, so this touches one slot.
-- ARGV: message id, score, value, max messages, key TTL ms.
-- Returns {id1, value1, id2, value2, ...} of the messages pushed out, oldest first.
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local out = {}
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then
  local old = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  for i = 1, #old do
    out[#out + 1] = old[i]
    out[#out + 1] = redis.call('HGET', KEYS[2], old[i]) or ''
    redis.call('HDEL', KEYS[2], old[i])
  end
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return out
