-- Removes one message from a user's offline inbox; returns its value, or nil when it was not there.
-- KEYS[1] sorted set, KEYS[2] hash (see inbox-keep.lua). ARGV: message id.
local v = redis.call('HGET', KEYS[2], ARGV[1])
if not v then
  return false
end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
return v
