-- Merges one node's view of a user into the shared record, atomically.
-- KEYS[1]: the user's hash (for the routing to its slot on a Redis Cluster); every key the script
-- touches is under the prefix, the registry's hash tag, so in that slot.
-- ARGV: prefix, userId, savingNode, companyId, roles (comma-separated), announced (0/1),
--       then (connectionId, nodeId, openedAtMillis) for each connection of the saved user.
-- The saving node's connections are replaced by the saved ones; another node's stored
-- connection is kept while that node holds a lease, or when the saved user still has it;
-- a dead node's connection the saver dropped (a sweep) is removed. Indexes follow.
local p, uid, me = ARGV[1], ARGV[2], ARGV[3]
local ukey = p .. 'u:' .. uid
local company, roles, announced = ARGV[4], ARGV[5], ARGV[6]
local saved = {}
for i = 7, #ARGV, 3 do saved[ARGV[i]] = {ARGV[i + 1], ARGV[i + 2]} end

local old = redis.call('HGETALL', ukey)
local oldCompany, oldRoles = false, ''
local oldConns = {}
for j = 1, #old, 2 do
  local f, v = old[j], old[j + 1]
  if f == 'company' then oldCompany = v
  elseif f == 'roles' then oldRoles = v
  elseif string.sub(f, 1, 2) == 'c:' then oldConns[string.sub(f, 3)] = v end
end

local final = {}
for cid, v in pairs(oldConns) do
  local node = string.match(v, '^([^|]*)')
  if node ~= me and (saved[cid] or redis.call('EXISTS', p .. 'lease:' .. node) == 1) then
    final[cid] = v
  end
end
for cid, sv in pairs(saved) do
  if sv[1] == me then final[cid] = sv[1] .. '|' .. sv[2] end
end

if oldCompany then
  redis.call('SREM', p .. 'co:' .. oldCompany, uid)
  for r in string.gmatch(oldRoles, '[^,]+') do
    redis.call('SREM', p .. 'cr:' .. oldCompany .. ':' .. r, uid)
    redis.call('SREM', p .. 'r:' .. r, uid)
  end
end
for cid, v in pairs(oldConns) do
  if redis.call('HGET', p .. 'conns', cid) == uid then redis.call('HDEL', p .. 'conns', cid) end
  redis.call('SREM', p .. 'n:' .. string.match(v, '^([^|]*)'), uid)
end
redis.call('DEL', ukey)

local n = 0
local fields = {'company', company, 'roles', roles}
for cid, v in pairs(final) do
  n = n + 1
  table.insert(fields, 'c:' .. cid)
  table.insert(fields, v)
  redis.call('HSET', p .. 'conns', cid, uid)
  redis.call('SADD', p .. 'n:' .. string.match(v, '^([^|]*)'), uid)
end
if n > 0 then announced = '1' end
table.insert(fields, 'announced')
table.insert(fields, announced)
redis.call('HSET', ukey, unpack(fields))
redis.call('SADD', p .. 'co:' .. company, uid)
redis.call('SADD', p .. 'all', uid)
for r in string.gmatch(roles, '[^,]+') do
  redis.call('SADD', p .. 'cr:' .. company .. ':' .. r, uid)
  redis.call('SADD', p .. 'r:' .. r, uid)
end
return n
