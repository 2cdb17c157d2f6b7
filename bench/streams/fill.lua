-- Fills a subscription queue's stream directly, in the format the router writes (append.lua's
-- entries, one per relayed batch: fields n, c, t, tenant, ids, types, times; 'n' counted in the
-- meta hash; and, as store.lua does, each event's payload once in its tenant's slot), copying one
-- routed event as the template: the drain phase then needs no 1,000,000 ingested events. A bench
-- script for one standalone Redis: it writes the queue's and the tenant's slots at once, which the
-- server never does.
-- KEYS[1] the stream to fill, KEYS[2] its meta hash, KEYS[3] a routed stream to copy the event of
-- ARGV[1] how many events to add, ARGV[2] the key prefix (e.g. 'allegro:'), ARGV[3] events per
-- entry (the relay's batch: 1,000 while it is behind)
local src = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)[1][2]
local f = {}
for i = 1, #src, 2 do f[src[i]] = src[i + 1] end
local tenant_slot = ARGV[2] .. '{t:' .. f['t'] .. '}:sub:'
local first_id = string.match(f['ids'], '^[^,]+')
local type = string.match(f['types'], '^[^,]+')
local time = string.match(f['times'], '^[^,]+')
local payload = redis.call('GET', tenant_slot .. first_id)
local k = tonumber(ARGV[1])
local per = tonumber(ARGV[3])
local n = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
local done = 0
while done < k do
  local c = math.min(per, k - done)
  local ids, types, times = {}, {}, {}
  for i = 1, c do
    local id = string.format('0190a000-0000-7000-8000-%012d', n + i)
    redis.call('SET', tenant_slot .. id, payload, 'EX', 86400)
    ids[i] = id
    types[i] = type
    times[i] = time
  end
  n = n + c
  redis.call('XADD', KEYS[1], '*', 'n', n, 'c', c, 't', f['t'], 'tenant', f['tenant'],
    'ids', table.concat(ids, ','), 'types', table.concat(types, ','), 'times', table.concat(times, ','))
  done = done + c
end
redis.call('HSET', KEYS[2], 'n', n)
return n
