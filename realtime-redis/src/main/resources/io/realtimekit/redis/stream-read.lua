-- Reads a user's stream after a position.
-- KEYS[1] meta hash, KEYS[2] the stream. ARGV: epoch asked, offset asked, max count, now ms,
-- window ms, new epoch (used only when the meta is gone), meta TTL ms.
-- Returns {status, epoch, last, id1, type1, payload1, id2, ...}; status is ok, epoch, trimmed
-- or ahead, and only ok carries events.
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[6]
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  redis.call('DEL', KEYS[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
local last = tonumber(redis.call('HGET', KEYS[1], 'o'))
if epoch ~= ARGV[1] then
  return {'epoch', epoch, tostring(last)}
end
local after = tonumber(ARGV[2])
if after > last then
  return {'ahead', epoch, tostring(last)}
end
local cutoff = tonumber(ARGV[4]) - tonumber(ARGV[5])
-- the first event still inside the window (older ones count as trimmed, whether or not the
-- append that would drop them has run yet)
local first = last + 1
local cursor = '-'
while true do
  local head = redis.call('XRANGE', KEYS[2], cursor, '+', 'COUNT', 32)
  if #head == 0 then
    break
  end
  local found = false
  for i = 1, #head do
    if tonumber(head[i][2][6]) >= cutoff then
      first = tonumber(string.match(head[i][1], '^(%d+)'))
      found = true
      break
    end
  end
  if found then
    break
  end
  cursor = '(' .. head[#head][1]
end
if after + 1 < first then
  return {'trimmed', epoch, tostring(last)}
end
local out = {'ok', epoch, tostring(last)}
local entries = redis.call('XRANGE', KEYS[2], (after + 1) .. '-0', '+', 'COUNT', ARGV[3])
for i = 1, #entries do
  out[#out + 1] = string.match(entries[i][1], '^(%d+)')
  out[#out + 1] = entries[i][2][2]
  out[#out + 1] = entries[i][2][4]
end
return out
