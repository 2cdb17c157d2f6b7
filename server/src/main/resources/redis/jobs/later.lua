-- Schedules delayed jobs.
-- KEYS[1] the queue's delayed zset
-- ARGV[1] available-at in epoch milliseconds, ARGV[2..n] job payloads (JSON)
for i = 2, #ARGV do
  redis.call('zadd', KEYS[1], ARGV[1], ARGV[i])
end
return #ARGV - 1
