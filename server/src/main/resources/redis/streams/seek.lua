-- Moves a subscription queue's cursor to just before the first retained event appended at or after
-- a time: back to replay what is retained from then, or forward to skip. Acknowledgements issued
-- before no longer fit the cursor (its 'v' moves).
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's cursor hash: 'id', 'n', 'v', 'from'
-- ARGV[1]  the time, in milliseconds since the epoch (>= 1)
-- Returns {cursor id, cursor n}.
--- @include stream-ids
local cid = redis.call('HGET', KEYS[2], 'id') or '0-0'
local cn = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
local before = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[1] .. '-0', '-', 'COUNT', 1)[1]
if before then
  cid = before[1]
  cn = entry_range(before[2])
else
  local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
  if first then
    cid = id_prev(first[1])
    local _, first_before = entry_range(first[2])
    cn = first_before
  end
end
redis.call('HSET', KEYS[2], 'id', cid, 'n', cn, 'from', '')
redis.call('HINCRBY', KEYS[2], 'v', 1)
return {cid, string.format('%d', cn)}
