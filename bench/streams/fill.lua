-- Fills a subscription queue's stream directly, in the format the router writes (append.lua's
-- entries: fields n, id, type, tenant, created_at, t; 'n' counted in the meta hash; and, as
-- store.lua does, each event's payload once in its tenant's slot), copying one routed event as the
-- template: the drain phase then needs no 1,000,000 ingested events. A bench script for one
-- standalone Redis: it writes the queue's and the tenant's slots at once, which the server never does.
-- KEYS[1] the stream to fill, KEYS[2] its meta hash, KEYS[3] a routed stream to copy the event of
-- ARGV[1] how many entries to add, ARGV[2] the key prefix (e.g. 'allegro:')
local src = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)[1][2]
local f = {}
for i = 1, #src, 2 do f[src[i]] = src[i + 1] end
local tenant_slot = ARGV[2] .. '{t:' .. f['t'] .. '}:sub:'
local payload = redis.call('GET', tenant_slot .. f['id'])
local k = tonumber(ARGV[1])
local n0 = redis.call('HINCRBY', KEYS[2], 'n', k) - k
for i = 1, k do
  local n = n0 + i
  local id = string.format('0190a000-0000-7000-8000-%012d', n)
  redis.call('SET', tenant_slot .. id, payload, 'EX', 86400)
  redis.call('XADD', KEYS[1], '*', 'n', n, 'id', id, 'type', f['type'], 'tenant', f['tenant'],
    'created_at', f['created_at'], 't', f['t'])
end
return n0 + k
