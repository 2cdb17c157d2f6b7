-- How many events of a subscription queue are not acknowledged, and when the oldest was appended.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's cursor hash: 'id', 'n'
-- ARGV     none
-- Returns {depth, the id of the entry holding the oldest unacknowledged event, or ''}.
--- @include stream-ids
local cid = redis.call('HGET', KEYS[2], 'id') or '0-0'
local cn = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if not last then
  return {'0', ''}
end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
local _, first_before = entry_range(first[2])
local last_n = entry_range(last[2])
local depth = last_n - math.max(cn, first_before)
local oldest = ''
for _, e in ipairs(redis.call('XRANGE', KEYS[1], cid, '+', 'COUNT', 2)) do
  if oldest == '' and entry_range(e[2]) > cn then
    oldest = e[1]
  end
end
return {string.format('%d', depth), oldest}
