-- Moves due jobs from a zset (delayed, or reserved with an expired lease) to the ready list.
-- KEYS[1] the zset, KEYS[2] the ready list, KEYS[3] the notify list
-- ARGV[1] now in epoch milliseconds, ARGV[2] at most this many jobs
local due = redis.call('zrangebyscore', KEYS[1], '-inf', ARGV[1], 'limit', 0, tonumber(ARGV[2]))
if #due > 0 then
  redis.call('zrem', KEYS[1], unpack(due))
  redis.call('rpush', KEYS[2], unpack(due))
  for _ = 1, #due do
    redis.call('rpush', KEYS[3], 1)
  end
end
return #due
