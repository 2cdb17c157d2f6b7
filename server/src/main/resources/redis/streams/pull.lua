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
-- {'ok', cursor id, cursor n, events skipped by retention, then per event seven values: stream id,
-- n, event id, type, tenant slug, created_at, payload}.
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
for _, e in ipairs(entries) do
  local f = e[2]
  reply[#reply + 1] = e[1]
  reply[#reply + 1] = entry_field(f, 'n')
  reply[#reply + 1] = entry_field(f, 'id')
  reply[#reply + 1] = entry_field(f, 'type')
  reply[#reply + 1] = entry_field(f, 'tenant')
  reply[#reply + 1] = entry_field(f, 'created_at')
  reply[#reply + 1] = entry_field(f, 'payload')
end
return reply
