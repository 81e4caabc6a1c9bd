-- Compare-and-set of a sales floor. KEYS[1]: the floor hash. ARGV: expected version ('0' when
-- absent), new JSON ('' to forget an empty floor). Returns 1 when stored, 0 on a conflict.
local v = redis.call('HGET', KEYS[1], 'v')
if (v or '0') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'v', tostring(tonumber(ARGV[1]) + 1), 'f', ARGV[2])
end
return 1
