-- Fills a subscription queue's stream directly, in the format the router's append.lua writes
-- (fields n, id, type, tenant, created_at, payload; 'n' counted in the meta hash), copying one
-- routed event as the template: the drain phase then needs no 1,000,000 ingested events.
-- KEYS[1] the stream to fill, KEYS[2] its meta hash, KEYS[3] a routed stream to copy the event of
-- ARGV[1] how many entries to add
local src = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)[1][2]
local f = {}
for i = 1, #src, 2 do f[src[i]] = src[i + 1] end
local k = tonumber(ARGV[1])
local n0 = redis.call('HINCRBY', KEYS[2], 'n', k) - k
for i = 1, k do
  local n = n0 + i
  redis.call('XADD', KEYS[1], '*', 'n', n, 'id', string.format('0190a000-0000-7000-8000-%012d', n),
    'type', f['type'], 'tenant', f['tenant'], 'created_at', f['created_at'], 'payload', f['payload'])
end
return n0 + k
