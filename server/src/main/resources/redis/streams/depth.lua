-- How many events of a subscription queue are not acknowledged, and when the oldest was appended.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's cursor hash: 'id', 'n'
-- ARGV     none
-- Returns {depth, the oldest unacknowledged event's stream id or ''}.
--- @include stream-ids
local cid = redis.call('HGET', KEYS[2], 'id') or '0-0'
local cn = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
if not last then
  return {'0', ''}
end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
local from = math.max(cn, tonumber(entry_field(first[2], 'n')) - 1)
local depth = tonumber(entry_field(last[2], 'n')) - from
local next = redis.call('XRANGE', KEYS[1], '(' .. cid, '+', 'COUNT', 1)[1]
return {string.format('%d', depth), next and next[1] or ''}
