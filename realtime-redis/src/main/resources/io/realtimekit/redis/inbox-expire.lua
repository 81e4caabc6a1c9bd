-- Removes the messages of a user's offline inbox sent at or before a cutoff, at most max.
-- KEYS[1] sorted set, KEYS[2] hash (see inbox-keep.lua). ARGV: cutoff (microseconds), max.
-- Returns {next, id1, value1, ...}: next is the score of the oldest message left ('' when none).
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local out = {''}
for i = 1, #ids do
  out[#out + 1] = ids[i]
  out[#out + 1] = redis.call('HGET', KEYS[2], ids[i]) or ''
  redis.call('HDEL', KEYS[2], ids[i])
  redis.call('ZREM', KEYS[1], ids[i])
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if head[2] then
  out[1] = head[2]
end
return out
