-- Reads what PostgreSQL keeps of a subscription queue (StreamCheckpoints), and finds a stream that
-- Redis lost: its meta hash holds a random generation PostgreSQL recorded too, and the number of
-- events appended, which never goes down. A generation that is gone or another, or fewer events
-- than recorded, means Redis lost writes of this queue.
-- KEYS[1]  the queue's meta hash: 'n', 'g' (the generation), 'hold' (a rebuild's token)
-- KEYS[2]  the queue's cursor hash: 'id', 'n'
-- KEYS[3]  the queue's stream
-- ARGV[1]  the generation PostgreSQL recorded ('' when none)
-- ARGV[2]  the number of events PostgreSQL recorded as appended
-- ARGV[3]  a new generation, taken by a stream that has appended events but has none yet
-- Returns {'hold', token} while a rebuild holds the queue, {'lost', n} when Redis lost writes, else
-- {'ok', n, generation ('' when none), the acknowledged position ('' when nothing was), the
-- cursor's number}. The acknowledged position is the id of the last entry whose events were all
-- acknowledged: the cursor's, or the one before it when the cursor is within an entry.
--- @include stream-ids
local meta = redis.call('HMGET', KEYS[1], 'n', 'g', 'hold')
if meta[3] then
  return {'hold', meta[3]}
end
local n = tonumber(meta[1] or '0')
local recorded = tonumber(ARGV[2])
if recorded > 0 and (meta[2] ~= ARGV[1] or n < recorded) then
  return {'lost', string.format('%d', n)}
end
local g = meta[2]
if meta[1] and not g then
  g = ARGV[3]
  redis.call('HSET', KEYS[1], 'g', g)
end
local cursor = redis.call('HMGET', KEYS[2], 'id', 'n')
local position = cursor[1] or ''
if position ~= '' then
  local at = redis.call('XRANGE', KEYS[3], position, position)[1]
  if at and entry_range(at[2]) > tonumber(cursor[2] or '0') then
    local before = redis.call('XREVRANGE', KEYS[3], '(' .. position, '-', 'COUNT', 1)[1]
    position = before and before[1] or ''
  end
end
return {'ok', string.format('%d', n), g or '', position, cursor[2] or '0'}
