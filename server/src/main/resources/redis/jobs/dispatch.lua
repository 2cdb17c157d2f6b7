-- Dispatches ready jobs in one step: records them as pending, pushes them onto their queue and
-- wakes one idle worker per job. One Redis only: a Cluster keeps the records in another slot.
-- KEYS[1] the queue's ready list, KEYS[2] its notify list, KEYS[3 ..] pending.lua's KEYS
-- ARGV pending.lua's ARGV; each job's payload is the one pushed
-- Returns the length of the ready list
--- @include record-pending
record_pending(KEYS, 2, ARGV, 0)
local payloads = pending_payloads(KEYS, 2, ARGV, 0)
local tokens = {}
for i = 1, #payloads do
  tokens[i] = 1
end
redis.call('rpush', KEYS[2], unpack(tokens))
return redis.call('rpush', KEYS[1], unpack(payloads))
