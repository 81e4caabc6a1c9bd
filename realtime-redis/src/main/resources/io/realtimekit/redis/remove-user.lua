-- Removes a user and its index entries, atomically; returns the removed hash, or nil.
-- KEYS[1]: the user's hash (for the routing to its slot on a Redis Cluster); every key the script
-- touches is under the prefix, the registry's hash tag, so in that slot.
-- ARGV: prefix, userId, onlyIfDisconnected (1: keep, and return nil, a user with a connection)
local p, uid, cond = ARGV[1], ARGV[2], ARGV[3]
local ukey = p .. 'u:' .. uid
local old = redis.call('HGETALL', ukey)
if #old == 0 then return false end
local company, roles = false, ''
local conns = {}
for j = 1, #old, 2 do
  local f, v = old[j], old[j + 1]
  if f == 'company' then company = v
  elseif f == 'roles' then roles = v
  elseif string.sub(f, 1, 2) == 'c:' then conns[string.sub(f, 3)] = v end
end
if cond == '1' and next(conns) ~= nil then return false end
if company then
  redis.call('SREM', p .. 'co:' .. company, uid)
  for r in string.gmatch(roles, '[^,]+') do
    redis.call('SREM', p .. 'cr:' .. company .. ':' .. r, uid)
    redis.call('SREM', p .. 'r:' .. r, uid)
  end
end
for cid, v in pairs(conns) do
  if redis.call('HGET', p .. 'conns', cid) == uid then redis.call('HDEL', p .. 'conns', cid) end
  redis.call('SREM', p .. 'n:' .. string.match(v, '^([^|]*)'), uid)
end
redis.call('DEL', ukey)
redis.call('SREM', p .. 'all', uid)
return old
