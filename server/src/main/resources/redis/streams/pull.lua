-- Acknowledges (when an ack is given) and reads the next events of a subscription queue, in one
-- step. The cursor is the id of the last acknowledged event and its number; 'from' is the position
-- the acknowledgement that last moved it was issued at, so that re-sending that one is idempotent.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's cursor hash: 'id', 'n', 'from'
-- ARGV[1]  '1' when an acknowledgement is given, else '0'
-- ARGV[2]  the acknowledged batch's start (the cursor it was read at)
-- ARGV[3]  the id of the batch's last event (its start when it was empty)
-- ARGV[4]  that event's number
-- ARGV[5]  the most events to read
-- Returns {'conflict'} when the acknowledgement does not fit the cursor (nothing changed), else
-- {'ok', cursor id, cursor n, events skipped by retention, then per event eight values: stream id,
-- n, event id, type, tenant slug, created_at, and 't' with the tenant's id (the payload is stored
-- once per tenant: store.lua) or 'payload' with the payload (an entry appended before that)}.
-- The entries' fields are read by position, in the order append.lua writes them.
--- @include stream-ids
local cid = redis.call('HGET', KEYS[2], 'id') or '0-0'
local cn = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
local from = redis.call('HGET', KEYS[2], 'from') or ''
if ARGV[1] == '1' then
  if ARGV[2] == cid then
    if ARGV[3] ~= cid then
      cid = ARGV[3]
      cn = tonumber(ARGV[4])
      redis.call('HSET', KEYS[2], 'id', cid, 'n', cn, 'from', ARGV[2])
    end
  elseif not (ARGV[3] == cid and from == ARGV[2]) then
    return {'conflict'}
  end
end
local skipped = 0
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
if first then
  local fn = tonumber(entry_field(first[2], 'n'))
  if fn - cn > 1 and id_before(cid, first[1]) then
    skipped = fn - cn - 1
    cid = id_prev(first[1])
    cn = fn - 1
    redis.call('HSET', KEYS[2], 'id', cid, 'n', cn, 'from', '')
  end
end
local reply = {'ok', cid, string.format('%d', cn), string.format('%d', skipped)}
local entries = redis.call('XRANGE', KEYS[1], '(' .. cid, '+', 'COUNT', tonumber(ARGV[5]))
local r = #reply
for _, e in ipairs(entries) do
  local f = e[2]
  reply[r + 1] = e[1]
  reply[r + 2] = f[2]
  reply[r + 3] = f[4]
  reply[r + 4] = f[6]
  reply[r + 5] = f[8]
  reply[r + 6] = f[10]
  reply[r + 7] = f[11]
  reply[r + 8] = f[12]
  r = r + 8
end
return reply
