-- The messages of a user's offline inbox sent after a cutoff (not expired), oldest first.
-- KEYS[1] sorted set, KEYS[2] hash (see inbox-keep.lua). ARGV: cutoff (microseconds, exclusive), max.
-- Returns {id1, value1, id2, value2, ...}.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'LIMIT', 0, ARGV[2])
local out = {}
for i = 1, #ids do
  local v = redis.call('HGET', KEYS[2], ids[i])
  if v then
    out[#out + 1] = ids[i]
    out[#out + 1] = v
  end
end
return out
