-- Compare-and-set of a conversation. KEYS[1]: the conversation hash (one slot: its name carries a
-- hash tag). ARGV: expected version ('0' when absent), new JSON. Returns the previous JSON ('' for
-- a new conversation) when stored, nil on a conflict.
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '0') ~= ARGV[1] then return false end
local old = redis.call('HGET', KEYS[1], 'f') or ''
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(ARGV[1]) + 1), 'f', ARGV[2])
return old
