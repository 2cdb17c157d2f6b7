-- Dispatches delayed jobs in one step: records them as pending and adds them to their queue's
-- delayed zset. One Redis only: a Cluster keeps the records in another slot.
-- KEYS[1] the queue's delayed zset, KEYS[2 ..] pending.lua's KEYS
-- ARGV[1] when the jobs become ready (epoch ms), ARGV[2 ..] pending.lua's ARGV
-- Returns the number of jobs
--- @include record-pending
local jobs = record_pending(KEYS, 1, ARGV, 1)
for _, payload in ipairs(pending_payloads(KEYS, 1, ARGV, 1)) do
  redis.call('zadd', KEYS[1], ARGV[1], payload)
end
return jobs
