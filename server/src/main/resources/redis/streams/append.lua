-- Appends committed events to a subscription queue's stream, in the order given, each outbox row
-- at most once: a row appended before (by a relay that died before deleting it from the outbox)
-- is in the relayed set, which forgets rows a day after they were appended (the relay retries a
-- row within seconds) or when the outbox confirms their deletion.
-- KEYS[1]  the queue's stream
-- KEYS[2]  the queue's meta hash: 'n', the number of events appended so far
-- KEYS[3]  the queue's relayed set: outbox seqs, scored by when they were appended (ms)
-- ARGV[1]  k, the number of events
-- ARGV[2 ..]  per event, six values: outbox seq, event id, type, tenant slug, created_at,
--             payload (the event's JSON)
-- Returns how many events were appended now.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', string.format('%d', now - 86400000))
local added = 0
for i = 0, tonumber(ARGV[1]) - 1 do
  local b = 2 + i * 6
  if not redis.call('ZSCORE', KEYS[3], ARGV[b]) then
    local n = redis.call('HINCRBY', KEYS[2], 'n', 1)
    redis.call('XADD', KEYS[1], '*', 'n', n, 'id', ARGV[b + 1], 'type', ARGV[b + 2],
      'tenant', ARGV[b + 3], 'created_at', ARGV[b + 4], 'payload', ARGV[b + 5])
    redis.call('ZADD', KEYS[3], string.format('%d', now), ARGV[b])
    added = added + 1
  end
end
return added
