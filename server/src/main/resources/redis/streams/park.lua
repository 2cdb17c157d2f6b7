-- Parks a tenant's events for a subscription queue that a rebuild holds (rebuild-hold.lua), so
-- that the relay need not wait for the rebuild and the tenant's other queues go on: each event is
-- taken at most once, as append.lua takes it, but into an entry of the queue's park, which the
-- rebuild moves to the stream after what it restored (unpark.lua). The entry keeps the events'
-- ids, which the rebuild leaves out of what it reads from PostgreSQL: their outbox rows are gone
-- once parked.
-- KEYS[1]  the queue's meta hash ('hold', 'parks', 'r:<tenant id>')
-- KEYS[2]  the queue's park, a stream of entries: 'c', 't', 'els' as append.lua writes them, and
--          'ids', the events' ids joined by ','
-- KEYS[3]  the queue's tombstone
-- ARGV[1 .. 5]  as append.lua takes them: tenant id, c, first reference, last reference, where
--          the events are
-- ARGV[6]  the events' ids, joined by ','
-- Returns what append.lua returns ({c, ..} when all were parked, {0, ..} when none was new or the
-- queue is deleted, {-1, last} when only those after last are new), {-3, '0'} when no rebuild
-- holds the queue any more (append.lua takes the events), or {-4, '0'} when the rebuild that holds
-- it does not take a park (its node runs a version before parks; meta's 'parks' unset): nothing is
-- parked, and the events wait in the outbox until it is done.
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {0, '0'}
end
local field = 'r:' .. ARGV[1]
local meta = redis.call('HMGET', KEYS[1], field, 'hold', 'parks')
if not meta[2] then
  return {-3, '0'}
end
if not meta[3] then
  return {-4, '0'}
end
local last = meta[1] or '0'
if tonumber(ARGV[4]) <= tonumber(last) then
  return {0, last}
end
if tonumber(ARGV[3]) <= tonumber(last) then
  return {-1, last}
end
redis.call('XADD', KEYS[2], '*', 'c', ARGV[2], 't', ARGV[1], 'els', ARGV[5], 'ids', ARGV[6])
redis.call('HSET', KEYS[1], field, ARGV[4])
return {tonumber(ARGV[2]), ARGV[4]}
