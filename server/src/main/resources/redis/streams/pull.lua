-- Acknowledges (when an ack is given) and reads the next events of a subscription queue, in one
-- step. The cursor is the number of the last acknowledged event and the id of the entry holding it
-- (an entry holds events n - c + 1 .. n); 'v' counts its moves, and an acknowledgement names the
-- 'v' it was read at, so that one from before the last move does not fit; 'from' is the 'v' the
-- acknowledgement that last moved it was read at, so that re-sending that one is idempotent.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's cursor hash: 'id', 'n', 'v', 'from'
-- KEYS[3]  the queue's tombstone, set when the queue was deleted
-- ARGV[1]  '1' when an acknowledgement is given, else '0'
-- ARGV[2]  the 'v' the acknowledged batch was read at
-- ARGV[3]  the id of the entry holding the batch's last event (the cursor's when it was empty)
-- ARGV[4]  that event's number (the cursor's when it was empty)
-- ARGV[5]  the most events to read
-- Returns {'gone'} when the queue was deleted (a node that still knew it asks: nothing is written),
-- {'conflict'} when the acknowledgement does not fit the cursor (nothing changed), else
-- {'ok', cursor id, cursor n, cursor v, events skipped by retention, then per entry holding events
-- after the cursor: its id, the number of its field values k, then the k values (names and
-- values)}, entries enough for the most events asked (the last one may hold more).
--- @include stream-ids
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {'gone'}
end
local cursor = redis.call('HMGET', KEYS[2], 'id', 'n', 'v', 'from')
local cid = cursor[1] or '0-0'
local cn = tonumber(cursor[2] or '0')
local v = tonumber(cursor[3] or '0')
local from = cursor[4] or ''
if ARGV[1] == '1' then
  if tonumber(ARGV[2]) == v then
    if tonumber(ARGV[4]) ~= cn then
      cid = ARGV[3]
      cn = tonumber(ARGV[4])
      v = v + 1
      redis.call('HSET', KEYS[2], 'id', cid, 'n', cn, 'v', v, 'from', ARGV[2])
    end
  elseif not (ARGV[2] == from and tonumber(ARGV[4]) == cn) then
    return {'conflict'}
  end
end
local skipped = 0
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
if first then
  local _, before = entry_range(first[2])
  if before > cn and id_before(cid, first[1]) then
    skipped = before - cn
    cid = id_prev(first[1])
    cn = before
    v = v + 1
    redis.call('HSET', KEYS[2], 'id', cid, 'n', cn, 'v', v, 'from', '')
  end
end
local reply = {'ok', cid, string.format('%d', cn), string.format('%d', v),
  string.format('%d', skipped)}
local limit = tonumber(ARGV[5])
local covered = 0
local seen, seen_events = 0, 0
local start = cid
local count = 2
while covered < limit do
  local page = redis.call('XRANGE', KEYS[1], start, '+', 'COUNT', count)
  for _, e in ipairs(page) do
    local n, before = entry_range(e[2])
    seen = seen + 1
    seen_events = seen_events + (n - before)
    if n > cn and covered < limit then
      covered = covered + n - math.max(before, cn)
      reply[#reply + 1] = e[1]
      reply[#reply + 1] = string.format('%d', #e[2])
      for _, value in ipairs(e[2]) do
        reply[#reply + 1] = value
      end
    end
  end
  if #page < count then
    break
  end
  start = '(' .. page[#page][1]
  -- as many entries as the events still wanted take, by the entries seen so far
  count = math.min(1000, math.ceil((limit - covered) * seen / math.max(1, seen_events)) + 1)
end
return reply
