-- Fills a subscription queue's stream directly, in the format the router writes (append.lua's
-- entries, one per relayed batch: fields n, c, t, els; 'n' counted in the meta hash; and, as
-- store.lua does, the batch's events, as pulls answer them, in one blob in the tenant's slot),
-- copying one routed event as the template, each copy with an id of its own: the drain phase then
-- needs no 1,000,000 ingested events. A bench script for one standalone Redis: it writes the
-- queue's and the tenant's slots at once, which the server never does.
-- KEYS[1] the stream to fill, KEYS[2] its meta hash, KEYS[3] a routed stream to copy the event of
-- ARGV[1] how many events to add, ARGV[2] the key prefix (e.g. 'allegro:'), ARGV[3] events per
-- entry (the relay's batch: 1,000 while it is behind)
local src = redis.call('XRANGE', KEYS[3], '-', '+', 'COUNT', 1)[1][2]
local f = {}
for i = 1, #src, 2 do f[src[i]] = src[i + 1] end
local tenant_slot = ARGV[2] .. '{t:' .. f['t'] .. '}:sub:'
local blob, offset, length = string.match(f['els'], '^([^:;]+):(%d+):(%d+)')
local event = redis.call('GETRANGE', tenant_slot .. blob, offset, offset + length - 1)
-- '{"id":"<36 characters>"...': the rest after the id
local rest = string.sub(event, 8 + 36)
local k = tonumber(ARGV[1])
local per = tonumber(ARGV[3])
local n = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
local done = 0
while done < k do
  local c = math.min(per, k - done)
  local lengths, parts = {}, {}
  local id = 'fill.' .. n
  for i = 1, c do
    parts[i] = '{"id":"' .. string.format('0190a000-0000-7000-8000-%012d', n + i) .. rest
    lengths[i] = #parts[i]
  end
  redis.call('SET', tenant_slot .. id, table.concat(parts, ','), 'EX', 86400)
  n = n + c
  -- one run: the copies follow each other in their blob
  redis.call('XADD', KEYS[1], '*', 'n', n, 'c', c, 't', f['t'], 'els',
    id .. ':0:' .. table.concat(lengths, ','))
  done = done + c
end
redis.call('HSET', KEYS[2], 'n', n)
return n
