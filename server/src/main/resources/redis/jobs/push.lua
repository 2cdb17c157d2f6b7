-- Pushes ready jobs onto a queue and wakes one blocked worker per job.
-- KEYS[1] the queue's ready list, KEYS[2] its notify list
-- ARGV[1..n] job payloads (JSON)
redis.call('rpush', KEYS[1], unpack(ARGV))
local tokens = {}
for i = 1, #ARGV do
  tokens[i] = 1
end
redis.call('rpush', KEYS[2], unpack(tokens))
return redis.call('llen', KEYS[1])
