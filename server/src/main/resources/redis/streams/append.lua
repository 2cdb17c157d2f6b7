-- Appends a tenant's committed events to a subscription queue's stream, in the order given (by
-- reference, see store.lua), each at most once: an event whose reference is not above the last one
-- this queue took of the tenant was appended before (by a relay that died before deleting its
-- outbox row). The entries name the event; its payload is stored once per tenant (store.lua). A
-- deleted queue (its tombstone set) takes nothing, so a relay that still routed to it leaves no key.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash: 'n', the number of events appended so far; 'r:<tenant id>', the
--          last reference appended of that tenant
-- KEYS[3]  the queue's tombstone, set when the queue was deleted
-- ARGV[1]  the tenant's id
-- ARGV[2 ..]  per event, five values, by increasing reference: reference, event id, type, tenant
--             slug, created_at
-- Returns how many events were appended now.
if redis.call('EXISTS', KEYS[3]) == 1 then
  return 0
end
local field = 'r:' .. ARGV[1]
local meta = redis.call('HMGET', KEYS[2], 'n', field)
local n = tonumber(meta[1] or '0')
local last = tonumber(meta[2] or '0')
local added = 0
for b = 2, #ARGV, 5 do
  local ref = tonumber(ARGV[b])
  if ref > last then
    n = n + 1
    redis.call('XADD', KEYS[1], '*', 'n', n, 'id', ARGV[b + 1], 'type', ARGV[b + 2],
      'tenant', ARGV[b + 3], 'created_at', ARGV[b + 4], 't', ARGV[1])
    last = ref
    added = added + 1
  end
end
if added > 0 then
  redis.call('HSET', KEYS[2], 'n', n, field, string.format('%d', last))
end
return added
