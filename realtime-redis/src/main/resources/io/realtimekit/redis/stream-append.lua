-- Appends one event to a user's stream and returns {epoch, offset}, atomically.
-- KEYS[1] meta hash {e = epoch, o = last offset}, KEYS[2] the stream; both share one hash tag.
-- ARGV: new epoch (used only when the meta is gone), type, payload, now ms, window ms,
--       max events, meta TTL ms.
-- Entry ids are <offset>-0, so a read after an offset is one XRANGE; the time of each entry is
-- its field ms, and the window is trimmed from the oldest end with XTRIM MINID.
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  -- the meta was lost (first use, a restart without persistence, a long idle time): a new
  -- epoch, and whatever stream is left belongs to no epoch any more
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  redis.call('DEL', KEYS[2])
end
local offset = redis.call('HINCRBY', KEYS[1], 'o', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], offset .. '-0', 't', ARGV[2], 'd', ARGV[3], 'ms', ARGV[4])
local cutoff = tonumber(ARGV[4]) - tonumber(ARGV[5])
while true do
  local head = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 32)
  local keep = nil
  for i = 1, #head do
    if tonumber(head[i][2][6]) >= cutoff then
      keep = head[i][1]
      break
    end
  end
  if keep then
    redis.call('XTRIM', KEYS[2], 'MINID', keep)
    break
  end
  -- every entry read is too old: drop them and look further
  local lastOld = head[#head][1]
  local n = tonumber(string.match(lastOld, '^(%d+)'))
  redis.call('XTRIM', KEYS[2], 'MINID', (n + 1) .. '-0')
end
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[5]) + 1000)
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return {epoch, tostring(offset)}
