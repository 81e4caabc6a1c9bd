-- Appends one event to the streams of several users at once and returns, for each user in order,
-- its epoch and the event's offset: {epoch1, offset1, epoch2, offset2, ...}. One script, so all
-- the streams get it or none (a conversation message kept for every participant in one round trip).
-- KEYS: per user, its meta hash {e = epoch, o = last offset} then its stream (2 keys per user).
-- ARGV: type, payload, now ms, window ms, max events, meta TTL ms, then per user a new epoch (used
--       only when that user's meta is gone).
-- Each stream is handled as stream-append.lua does: entry ids <offset>-0, trimmed by size (MAXLEN ~)
-- and to the window from the oldest end (XTRIM MINID).
local now, window = tonumber(ARGV[3]), tonumber(ARGV[4])
local cutoff = now - window

local function trimWindow(stream)
  -- most appends find the oldest entry inside the window: one entry read, nothing trimmed
  local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)
  if #first == 0 or tonumber(first[1][2][6]) >= cutoff then
    return
  end
  while true do
    local head = redis.call('XRANGE', stream, '-', '+', 'COUNT', 32)
    local keep = nil
    for i = 1, #head do
      if tonumber(head[i][2][6]) >= cutoff then
        keep = head[i][1]
        break
      end
    end
    if keep then
      redis.call('XTRIM', stream, 'MINID', keep)
      return
    end
    -- every entry read is too old: drop them and look further
    local lastOld = head[#head][1]
    local n = tonumber(string.match(lastOld, '^(%d+)'))
    redis.call('XTRIM', stream, 'MINID', (n + 1) .. '-0')
  end
end

local out = {}
for u = 1, #KEYS / 2 do
  local meta, stream = KEYS[2 * u - 1], KEYS[2 * u]
  local epoch = redis.call('HGET', meta, 'e')
  if not epoch then
    epoch = ARGV[6 + u]
    redis.call('HSET', meta, 'e', epoch, 'o', 0)
    redis.call('DEL', stream)
  end
  local offset = redis.call('HINCRBY', meta, 'o', 1)
  redis.call('XADD', stream, 'MAXLEN', '~', ARGV[5], offset .. '-0', 't', ARGV[1], 'd', ARGV[2], 'ms', ARGV[3])
  trimWindow(stream)
  redis.call('PEXPIRE', stream, window + 1000)
  redis.call('PEXPIRE', meta, ARGV[6])
  out[#out + 1] = epoch
  out[#out + 1] = tostring(offset)
end
return out
