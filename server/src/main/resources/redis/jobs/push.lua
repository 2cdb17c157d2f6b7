-- Pushes ready jobs onto a queue and wakes one blocked worker per job.
-- KEYS[1] the queue's ready list, KEYS[2] its notify list
-- ARGV[1..n] job payloads (JSON)
redis.call('rpush', KEYS[1], unpack(ARGV))
for _ = 1, #ARGV do
  redis.call('rpush', KEYS[2], 1)
end
return redis.call('llen', KEYS[1])
