-- Where the sockets of some users of one company are. KEYS: the users' hashes. ARGV[1]: the
-- company. Returns, for each key in order, the nodes of its live connections, space-separated
-- (node ids hold no whitespace); '' for a user of another company or with no connection.
local out = {}
for i, k in ipairs(KEYS) do
  local nodes, seen = {}, {}
  if redis.call('HGET', k, 'company') == ARGV[1] then
    local h = redis.call('HGETALL', k)
    for j = 1, #h, 2 do
      if string.sub(h[j], 1, 2) == 'c:' then
        local node = string.match(h[j + 1], '^([^|]*)')
        if not seen[node] then
          seen[node] = true
          nodes[#nodes + 1] = node
        end
      end
    end
  end
  out[i] = table.concat(nodes, ' ')
end
return out
