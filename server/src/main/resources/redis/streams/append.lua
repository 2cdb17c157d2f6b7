-- Appends a tenant's committed events to a subscription queue's stream as one entry, each event at
-- most once: the events come by increasing reference (store.lua), and those whose reference is not
-- above the last one this queue took of the tenant were appended before (by a relay that died
-- before deleting their outbox rows). Those form a prefix of the events given; when some of them
-- were taken and some not, nothing is appended and the caller sends the rest. The entry names
-- where each event is, stored once per tenant as pulls answer it (store.lua). A deleted queue (its
-- tombstone set) takes nothing, so a relay that still routed to it leaves no key.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash: 'n', the number of events appended so far; 'r:<tenant id>', the
--          last reference appended of that tenant
-- KEYS[3]  the queue's tombstone, set when the queue was deleted
-- ARGV[1]  the tenant's id
-- ARGV[2]  the number of events, c
-- ARGV[3]  the first event's reference
-- ARGV[4]  the last event's reference
-- ARGV[5]  where the events are in the tenant's slot: runs of events that follow each other in one
--          blob (one ',' between two), 'blob:offset:length,length,...', the runs joined by ';'
-- Returns {how many events were appended, the last reference taken of the tenant}: {c, ..} when
-- all were, {0, ..} when none was new or the queue is deleted, {-1, last} when only those after
-- last are new, {-2, '0'} when the queue is being rebuilt (its meta's 'hold', rebuild-hold.lua):
-- nothing is appended, and the caller parks the events instead (park.lua).
if redis.call('EXISTS', KEYS[3]) == 1 then
  return {0, '0'}
end
local field = 'r:' .. ARGV[1]
local meta = redis.call('HMGET', KEYS[2], 'n', field, 'hold')
if meta[3] then
  return {-2, '0'}
end
local last = meta[2] or '0'
if tonumber(ARGV[4]) <= tonumber(last) then
  return {0, last}
end
if tonumber(ARGV[3]) <= tonumber(last) then
  return {-1, last}
end
local c = tonumber(ARGV[2])
local n = tonumber(meta[1] or '0') + c
redis.call('XADD', KEYS[1], '*', 'n', n, 'c', c, 't', ARGV[1], 'els', ARGV[5])
redis.call('HSET', KEYS[2], 'n', n, field, ARGV[4])
return {c, ARGV[4]}
